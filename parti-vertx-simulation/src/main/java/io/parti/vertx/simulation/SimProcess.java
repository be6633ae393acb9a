package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Coordinator;
import io.parti.vertx.impl.Environment;
import io.parti.vertx.impl.env.Connectivity;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated worker process: a real {@link Coordinator} on a loop of its own, a connection to the simulated
 * server that can drop or be cut off silently, and simulated partition verticles. It can be paused (a GC
 * pause, SIGSTOP) and crashed.
 */
final class SimProcess implements Connectivity {

  private final Simulation simulation;
  private final String name;
  private final String instance;
  private final SimScheduler scheduler;
  private final Coordinator coordinator;
  private final List<EventQueue.Task> deferred = new ArrayList<>();
  private final List<Consumer<Event>> listeners = new ArrayList<>();
  private final List<Runnable> held = new ArrayList<>();
  private final List<SimWatch> watches = new ArrayList<>();
  private boolean crashed;
  private boolean paused;
  private boolean stopped;
  private boolean linkUp = true;
  private boolean connected = true;
  private boolean disconnectSeen;
  private long detectTimer = -1;
  /** Watch deliveries to this process do not arrive before this time (a stalled consumer), for scripted tests. */
  private long watchesStalledUntil;
  private int ids;
  private long operations;
  private Future<Void> started;

  /** @param configuredInstance whether the instance id counts as configured (see {@link Simulation#madeUpInstances()}) */
  SimProcess(Simulation simulation, String name, String instance, boolean configuredInstance, PartiOptions options,
             PartitionSource source, AssignmentStrategy strategy) {
    this.simulation = simulation;
    this.name = name;
    this.instance = instance;
    this.scheduler = new SimScheduler(simulation.queue(), this);
    this.coordinator = new Coordinator(options, source, strategy, instance, configuredInstance);
  }

  /** Deploys the coordinator, in a task of this process' loop. */
  void start() {
    Environment env = new Environment(scheduler, new SimKv(this), this, new SimDeployer(this),
        (address, event) -> simulation.trace(this, address + " " + event.encode()),
        () -> name + "." + (ids++), (source, listener) -> Future.failedFuture("user sources do not run in the simulation"),
        new SimpleMeterRegistry());
    simulation.queue().after(0, this, () -> started = coordinator.start(env));
  }

  /** Undeploys the coordinator (the graceful leave), in a task of this process' loop: a paused process leaves once it resumes. */
  void stop() {
    stopped = true;
    simulation.queue().after(0, this, coordinator::stop);
  }

  Simulation simulation() {
    return simulation;
  }

  String name() {
    return name;
  }

  String instance() {
    return instance;
  }

  Coordinator coordinator() {
    return coordinator;
  }

  SimScheduler scheduler() {
    return scheduler;
  }

  Future<Void> started() {
    return started;
  }

  /** The coordinator's current session (claim of a worker id), or {@code null}. */
  String session() {
    return coordinator.sessionId();
  }

  /** One more KV operation sent. */
  void counted() {
    operations++;
  }

  /** KV operations sent so far. */
  long operations() {
    return operations;
  }

  boolean crashed() {
    return crashed;
  }

  boolean paused() {
    return paused;
  }

  /** Undeployed (its graceful leave began). */
  boolean stopped() {
    return stopped;
  }

  /** Alive and running code: neither crashed nor paused. */
  boolean running() {
    return !crashed && !paused;
  }

  boolean linkUp() {
    return linkUp && !crashed;
  }

  void defer(EventQueue.Task task) {
    deferred.add(task);
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    simulation.queue().requeue(deferred);
    deferred.clear();
  }

  /** The process dies: nothing of it runs again; what it sent is on the wire and may still land. */
  void crash() {
    crashed = true;
    deferred.clear();
    held.clear();
    watches.clear();
  }

  // ---- the connection ----

  @Override
  public boolean isConnected() {
    return connected && !crashed;
  }

  @Override
  public Runnable listen(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stalls every watch delivery to this process for {@code nanos} from now (they arrive late, in order). */
  void stallWatches(long nanos) {
    watchesStalledUntil = simulation.queue().now() + nanos;
  }

  long watchesStalledUntil() {
    return watchesStalledUntil;
  }

  void watching(SimWatch watch) {
    watches.add(watch);
  }

  void unwatching(SimWatch watch) {
    watches.remove(watch);
  }

  /**
   * The network path to the server fails. With {@code detectAfterNanos} 0 the client sees it at once (the
   * server closed the connection); otherwise only when its pings go unanswered (a silent partition).
   */
  void cut(long detectAfterNanos) {
    linkUp = false;
    scheduler.cancelTimer(detectTimer);
    detectTimer = scheduler.setTimer(Math.max(1, detectAfterNanos / 1_000_000), () -> {
      if (!linkUp && connected) {
        connected = false;
        disconnectSeen = true;
        held.clear(); // the connection is gone, and with it whatever was in flight on it
        notify(Event.DISCONNECTED);
      }
    });
  }

  /** The network path works again; a client that saw the connection drop reconnects after its reconnect wait. */
  void heal(long reconnectWaitNanos) {
    linkUp = true;
    scheduler.cancelTimer(detectTimer);
    if (!disconnectSeen) {
      List<Runnable> late = new ArrayList<>(held);
      held.clear();
      late.forEach(Runnable::run); // the blip was shorter than the ping timeout: TCP delivers what it held
      return;
    }
    scheduler.setTimer(Math.max(1, reconnectWaitNanos / 1_000_000), () -> {
      if (!linkUp) {
        return;
      }
      connected = true;
      disconnectSeen = false;
      for (SimWatch watch : new ArrayList<>(watches)) {
        watch.resubscribe();
      }
      notify(Event.RECONNECTED);
    });
  }

  /** Runs {@code delivery} now if the link is up, or holds it until the link heals. */
  void receive(Runnable delivery) {
    if (linkUp()) {
      delivery.run();
    } else if (connected) {
      held.add(delivery);
    }
  }

  private void notify(Event event) {
    simulation.trace(this, "connection " + event);
    for (Consumer<Event> listener : new ArrayList<>(listeners)) {
      listener.accept(event);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
