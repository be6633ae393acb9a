package io.parti.vertx.it;

import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.PartiCoordinatorImpl;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.VertxTestSupport;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A set of coordinators in one JVM, each with its own Vert.x instance and NATS connection (so one can be
 * crashed without touching the others), all sharing one {@link OwnershipRegistry}.
 */
public final class Fleet implements AutoCloseable {

  private static final AtomicInteger GROUPS = new AtomicInteger();

  public final String group = "g" + GROUPS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  public final OwnershipRegistry registry = new OwnershipRegistry();
  public final List<Partition> partitions;
  private volatile io.micrometer.core.instrument.MeterRegistry meterRegistry;
  private final PartiOptions options;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  /** Workers started so far: names their connections. */
  private final AtomicInteger started = new AtomicInteger();
  private final List<AssignmentLog> logs = new CopyOnWriteArrayList<>();
  private volatile long drainMillis;
  /** Every state change of every worker: {workerId, from, to}. */
  public final List<JsonObject> stateEvents = new CopyOnWriteArrayList<>();
  /** Every hand-off incident of every worker. */
  public final List<JsonObject> handoffEvents = new CopyOnWriteArrayList<>();

  private final AssignmentStrategy strategy;
  private final Supplier<PartitionSource> sources;
  /** What runs each partition, given a worker's connection (its runs recorded too): recording verticles unless set. */
  private volatile java.util.function.Function<Connection, io.parti.vertx.PartitionVerticleFactory> verticles;

  public Fleet(PartiOptions options, int partitionCount) {
    this(options, partitionCount, AssignmentStrategy.consistentHash());
  }

  public Fleet(PartiOptions options, int partitionCount, AssignmentStrategy strategy) {
    this.strategy = strategy;
    this.options = new PartiOptions(options).setGroup(group);
    this.partitions = IntStream.range(0, partitionCount).mapToObj(i -> Partition.of("p" + i)).collect(Collectors.toList());
    this.sources = () -> PartitionSource.fixed(partitions);
  }

  /** A fleet whose workers each take their partitions from a source of their own, made by {@code sources}. */
  public Fleet(PartiOptions options, Supplier<PartitionSource> sources, AssignmentStrategy strategy) {
    this.strategy = strategy;
    this.options = new PartiOptions(options).setGroup(group);
    this.partitions = List.of();
    this.sources = sources;
  }

  /**
   * Workers started from now on run their partitions with what {@code verticles} makes from their connection, each
   * run recorded in the registry.
   */
  public Fleet partitionVerticles(java.util.function.Function<Connection, io.parti.vertx.PartitionVerticleFactory> verticles) {
    this.verticles = verticles;
    return this;
  }

  /** Workers started from now on register their meters in {@code registry}. */
  public Fleet meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meterRegistry = registry;
    return this;
  }

  /** How long partition verticles started from now on take to stop (their drain). */
  public Fleet drainMillis(long millis) {
    this.drainMillis = millis;
    return this;
  }

  public Set<String> partitionIds() {
    return partitions.stream().map(Partition::id).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Starts a coordinator connected to {@code url} and waits until it is deployed. */
  public Worker start(String url) throws Exception {
    return await(startAsync(url, options));
  }

  public Future<Worker> startAsync(String url, PartiOptions workerOptions) throws Exception {
    return startAsync(url, workerOptions, builder -> { });
  }

  /** The same, with the connection's options adjusted by {@code connection} (after the recommended ones). */
  public Future<Worker> startAsync(String url, PartiOptions workerOptions, java.util.function.Consumer<io.nats.client.Options.Builder> connection)
      throws Exception {
    return deploy(prepare(url, workerOptions, connection));
  }

  /** A process with its Vert.x, its connection and its coordinator, not deployed yet. */
  private Worker prepare(String url, PartiOptions workerOptions, java.util.function.Consumer<io.nats.client.Options.Builder> connection)
      throws Exception {
    // One event loop per simulated process: a fleet of five in one JVM must not put twenty event loops on two cores.
    Vertx vertx = VertxTestSupport.vertx(VertxTestSupport.options().setEventLoopPoolSize(1).setWorkerPoolSize(4)
        .setInternalBlockingPoolSize(4));
    io.nats.client.Options.Builder builder = PartiCoordinator.recommendedConnectionOptions().server(url)
        .connectionName(group + "-" + started.incrementAndGet());
    connection.accept(builder);
    Connection nats = Nats.connect(builder.build());
    PartiCoordinatorImpl coordinator = (PartiCoordinatorImpl) PartiCoordinator.create(nats,
        new PartiOptions(workerOptions).setGroup(group), sources.get(), strategy);
    io.parti.vertx.PartitionVerticleFactory own = verticles != null ? verticles.apply(nats) : null;
    coordinator.partitionVerticles(own != null
        ? ctx -> new RecordingDeployable(ctx, coordinator.sessionId(), registry, own.create(ctx))
        : ctx -> new RecordingVerticle(ctx, coordinator.sessionId(), registry, drainMillis));
    if (meterRegistry != null) {
      coordinator.meterRegistry(meterRegistry);
    }
    Worker worker = new Worker(vertx, nats, coordinator, registry);
    workers.add(worker);
    vertx.eventBus().<JsonObject>consumer(PartiCoordinator.ASSIGNMENTS_ADDRESS, m -> worker.assignmentEvents.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(PartiCoordinator.STATE_ADDRESS, m -> stateEvents.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(PartiCoordinator.HANDOFF_ADDRESS, m -> handoffEvents.add(m.body()));
    return worker;
  }

  private static Future<Worker> deploy(Worker worker) {
    worker.deployAskedAt = System.nanoTime();
    return worker.vertx.deployVerticle(worker.coordinator).onFailure(e -> worker.deployFailure = e).map(id -> {
      worker.deploymentId = id;
      return worker;
    });
  }

  /**
   * Starts {@code count} coordinators connected to {@code url} together (a cold start), waits until each is deployed
   * and then, within {@code atMost}, until they run every partition once, each of them some.
   */
  public List<Worker> startSettled(int count, String url, PartiOptions workerOptions, Duration atMost) throws Exception {
    List<Worker> started = startTogether(count, url, workerOptions);
    awaitUntil(atMost, () -> registry.byWorker().size() == count && registry.exactlyOnce(partitionIds(), liveWorkerIds()));
    return started;
  }

  /**
   * Starts {@code count} coordinators connected to {@code url} together (a cold start) and waits until each is deployed.
   * Every process is set up first (its Vert.x and connection), then all are deployed at once: a cold start of
   * processes that are up, not one staggered by their set-up.
   */
  public List<Worker> startTogether(int count, String url, PartiOptions workerOptions) throws Exception {
    List<Worker> prepared = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prepared.add(prepare(url, workerOptions, builder -> { }));
    }
    List<Future<Worker>> starting = new ArrayList<>();
    for (Worker worker : prepared) {
      starting.add(deploy(worker));
    }
    List<Worker> started = new ArrayList<>();
    for (Future<Worker> worker : starting) {
      started.add(await(worker));
    }
    return started;
  }

  public List<Worker> workers() {
    return new ArrayList<>(workers);
  }

  public Set<String> liveWorkerIds() {
    return workers.stream().filter(w -> !w.gone).map(w -> w.coordinator.workerId()).filter(java.util.Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  public Worker leader() {
    return workers.stream().filter(w -> !w.gone && w.coordinator.isLeader()).findFirst().orElse(null);
  }

  private static boolean warm;

  /**
   * Runs one coordinator through deploy and undeploy, once per JVM, so that the JVM's first use of Jackson,
   * Netty buffers, lambdas and our own classes (class loading, which can take a few hundred ms on a loaded
   * 2-core machine) is not blamed on whichever event-loop task touches them first.
   */
  public static synchronized void warmUp(String url) throws Exception {
    if (!warm) {
      try (Fleet fleet = new Fleet(PartiOptions.fast().setColdStartWindow(Duration.ZERO)
          .setPlannedScaleWindow(Duration.ZERO).setRebalanceCooldown(Duration.ZERO), 4)) {
        fleet.start(url).stop();
      }
      warm = true;
    }
  }

  /** Waits for the condition; on time-out fails with a description of every worker. */
  public void awaitUntil(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    awaitUntil(atMost, Duration.ofMillis(20), condition);
  }

  /** The same, checking every {@code poll}: for conditions that are expensive to evaluate. */
  public void awaitUntil(Duration atMost, Duration poll, java.util.concurrent.Callable<Boolean> condition) {
    try {
      org.awaitility.Awaitility.await().atMost(atMost).pollInterval(poll).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("not reached within " + atMost + ":\n" + describe(), e);
    }
  }

  /** One line per worker, for failure messages. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Worker w : workers) {
      sb.append(w.id()).append(gone(w)).append(' ').append(w.coordinator.state()).append(" v").append(w.coordinator.assignmentVersion())
          .append(w.coordinator.isLeader() ? " leader" : "").append(" runs ").append(w.coordinator.assignment().size())
          .append(w.deployFailure == null ? "" : " deploy failed: " + w.deployFailure).append('\n');
    }
    return sb.append("registry: ").append(registry.byWorker()).toString();
  }

  private static String gone(Worker w) {
    return w.gone ? "(gone)" : "";
  }

  /** A log of every assignment committed from now on (the group's buckets must exist); closed with the fleet. */
  public AssignmentLog assignmentLog(String url) throws Exception {
    AssignmentLog log = new AssignmentLog(url, group);
    logs.add(log);
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    // The whole fleet dies at once: every connection drops before any Vert.x closes. Crashing one worker after the
    // other would let the survivors take over the partitions of the first while their own Vert.x is being closed,
    // and Vert.x's close() holds a lock that deployVerticle needs, blocking their event loops.
    for (Worker w : workers) {
      w.disconnect();
    }
    for (Worker w : workers) {
      w.crash();
    }
    for (AssignmentLog log : logs) {
      log.close();
    }
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** One coordinator with its own Vert.x and connection. */
  public static final class Worker {
    public final Vertx vertx;
    public final Connection connection;
    public final PartiCoordinator coordinator;
    final List<JsonObject> assignmentEvents = new CopyOnWriteArrayList<>();
    public volatile String deploymentId;
    /** When its deployment was asked for ({@link System#nanoTime()}): its process and connection were up by then. */
    public volatile long deployAskedAt;
    volatile Throwable deployFailure;
    public volatile boolean gone;

    private final OwnershipRegistry registry;

    Worker(Vertx vertx, Connection connection, PartiCoordinator coordinator, OwnershipRegistry registry) {
      this.registry = registry;
      this.vertx = vertx;
      this.connection = connection;
      this.coordinator = coordinator;
    }

    public String id() {
      return coordinator.workerId();
    }

    /** Its connection's name, which stands for its process: unique in the fleet unless a caller named it otherwise. */
    public String name() {
      return connection.getOptions().getConnectionName();
    }

    /** The current session of its worker id, or null between sessions. */
    public String session() {
      return ((PartiCoordinatorImpl) coordinator).sessionId();
    }

    long invalidTransitions() {
      return ((PartiCoordinatorImpl) coordinator).invalidTransitions();
    }

    /** A graceful leave: undeploys the coordinator, which hands its partitions off first. */
    public void stop() throws Exception {
      gone = true;
      await(vertx.undeploy(deploymentId));
      close();
    }

    /** A crash as the others see it: the connection drops at once, nothing is handed off or released. */
    public void crash() {
      gone = true;
      String id = coordinator.workerId();
      long at = System.nanoTime();
      close();
      // A dead process runs nothing: its runs ended when it died, whether or not its verticles' stop() completed.
      if (id != null) {
        registry.crashed(id, at);
      }
    }

    private void disconnect() {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void close() {
      disconnect();
      try {
        await(vertx.close());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
