package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.impl.env.PartitionDeployer;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.protocol.Slot;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one verticle per owned partition. Stopping a partition first closes its gate
 * ({@link PartitionContext#isOwned()} turns false), then undeploys the verticle and waits for its stop (the drain),
 * bounded by the drain timeout, also when the verticle's start is not through yet. A start is bounded too: one
 * still running after the start timeout counts as failed (its gate closes, and it is undeployed if it completes
 * later). A partition starts again only once its previous run here stopped or its drain bound passed. Nothing
 * starts while the worker is out of contact with NATS (its heartbeats do not land): the record it would start
 * from may be stale, and the leader may already have given the partition away.
 */
final class PartitionRunner {

  /** Verticles deployed or undeployed per event-loop turn. */
  private static final int BATCH = 4;

  /** A partition running here: its context is the gate user code checks. */
  private static final class Running implements PartitionContext {
    final Partition partition;
    final long epoch;
    final String workerId;
    final String group;
    volatile boolean owned = true;
    Future<String> deploying;

    Running(Partition partition, long epoch, String workerId, String group) {
      this.partition = partition;
      this.epoch = epoch;
      this.workerId = workerId;
      this.group = group;
    }

    @Override public Partition partition() { return partition; }
    @Override public long epoch() { return epoch; }
    @Override public String workerId() { return workerId; }
    @Override public String group() { return group; }
    @Override public boolean isOwned() { return owned; }
  }

  private final CoordinatorLog.Source log;
  private final Scheduler scheduler;
  private final PartitionDeployer deployer;
  private final Duration startTimeout;
  private final Duration drainTimeout;
  private final PartiMetrics metrics;
  private final Consumer<PartitionContext> onDrainTimeout;
  private final BooleanSupplier inContact;
  private final String group;
  /** Partition id → its run here: on the loop only. */
  private final TreeMap<String, Running> running = new TreeMap<>();
  /** Partition id → the stop of its last run here, until that stop is through or its drain bound passed. */
  private final Map<String, Future<Void>> stopping = new HashMap<>();
  /** Starts nothing while set: the worker may no longer own anything. */
  private boolean paused;
  /** The partitions running here, for readers on any thread. */
  private final Set<Partition> partitionSet = ConcurrentHashMap.newKeySet();
  private final Set<Partition> partitionsView = Collections.unmodifiableSet(partitionSet);

  /**
   * @param inContact whether this worker's heartbeats land: nothing starts while they do not
   */
  PartitionRunner(Wiring wiring, BooleanSupplier inContact, Consumer<PartitionContext> onDrainTimeout) {
    this.log = wiring.log().of(PartitionRunner.class);
    this.inContact = inContact;
    this.scheduler = wiring.scheduler();
    this.deployer = wiring.env().deployer();
    this.startTimeout = wiring.options().getStartTimeout();
    this.drainTimeout = wiring.options().getDrainTimeout();
    this.group = wiring.options().getGroup();
    this.metrics = wiring.metrics();
    this.onDrainTimeout = onDrainTimeout;
  }

  /** What a reconcile changed. */
  record Change(List<String> added, List<String> removed, boolean allStarted) {
  }

  /** The ids of the partitions running here, sorted: a view, to read on the owning context only. */
  Collection<String> runningIds() {
    return Collections.unmodifiableSet(running.keySet());
  }

  boolean isEmpty() {
    return running.isEmpty();
  }

  /** A live, read-only view of the partitions running here, safe to read from any thread. */
  Set<Partition> partitions() {
    return partitionsView;
  }

  /**
   * Makes the running set equal to {@code owned}: stops what is no longer owned (or owned under another
   * epoch), then starts what is new.
   */
  Future<Change> reconcile(SortedMap<String, Slot> owned, String workerId) {
    List<Running> toStop = new ArrayList<>();
    List<Map.Entry<String, Slot>> toStart = new ArrayList<>();
    diff(owned, toStop, toStart);
    List<String> removed = new ArrayList<>(toStop.size());
    toStop.forEach(r -> removed.add(r.partition.id()));
    return stop(toStop).compose(v -> {
      List<Runnable> starts = new ArrayList<>(toStart.size());
      List<Future<String>> started = new ArrayList<>(toStart.size());
      toStart.forEach(e -> starts.add(() -> {
        if (!running.containsKey(e.getKey())) {
          started.add(start(Partition.fromId(e.getKey(), e.getValue().weight()), e.getValue().epoch(), workerId));
        }
      }));
      return inBatches(starts).compose(x -> Future.join(started)).transform(ar -> {
        List<String> added = new ArrayList<>(started.size());
        started.forEach(f -> {
          if (f.result() != null) {
            added.add(f.result());
          }
        });
        boolean allStarted = added.size() == started.size();
        // A partition restarted under a new epoch is in both lists: it was neither added nor removed.
        Set<String> restarted = new HashSet<>(removed);
        restarted.retainAll(added);
        added.removeAll(restarted);
        removed.removeAll(restarted);
        return lingering(owned).map(x -> new Change(added, removed, allStarted));
      });
    });
  }

  /**
   * What to stop and what to start, by one walk over both sides in partition-id order: a map look-up per partition
   * would hold the loop too long when a worker owns tens of thousands.
   */
  private void diff(SortedMap<String, Slot> owned, List<Running> toStop, List<Map.Entry<String, Slot>> toStart) {
    Iterator<Running> runs = running.values().iterator();
    Iterator<Map.Entry<String, Slot>> slots = owned.entrySet().iterator();
    Running run = next(runs);
    Map.Entry<String, Slot> slot = next(slots);
    while (run != null || slot != null) {
      int order = run == null ? 1 : slot == null ? -1 : run.partition.id().compareTo(slot.getKey());
      if (order < 0) {
        toStop.add(run); // not owned here any more
        run = next(runs);
      } else if (order > 0) {
        toStart.add(slot);
        slot = next(slots);
      } else {
        if (run.epoch != slot.getValue().epoch()) {
          toStop.add(run); // granted anew: it starts again under the new epoch once this run stopped
          toStart.add(slot);
        }
        run = next(runs);
        slot = next(slots);
      }
    }
  }

  private static <T> T next(Iterator<T> items) {
    return items.hasNext() ? items.next() : null;
  }

  /**
   * The stops still under way of partitions not owned here any more (a start that timed out, and may yet complete,
   * is one): applying a record is a release receipt, so it waits for them, each bounded by the drain timeout.
   */
  private Future<Void> lingering(Map<String, Slot> owned) {
    List<Future<Void>> stops = new ArrayList<>();
    stopping.forEach((id, stop) -> {
      if (!owned.containsKey(id)) {
        stops.add(stop);
      }
    });
    return stops.isEmpty() ? Future.succeededFuture() : Future.join(stops).mapEmpty();
  }

  /**
   * Runs the actions a batch per event-loop turn: deploying or undeploying a verticle does some work at
   * once, and thousands of them in one task would block the event loop.
   */
  private Future<Void> inBatches(List<Runnable> actions) {
    Promise<Void> done = Promise.promise();
    runBatch(actions, 0, done);
    return done.future();
  }

  private void runBatch(List<Runnable> actions, int from, Promise<Void> done) {
    int to = Math.min(actions.size(), from + BATCH);
    for (int i = from; i < to; i++) {
      actions.get(i).run();
    }
    if (to == actions.size()) {
      done.complete();
    } else {
      scheduler.runLater(() -> runBatch(actions, to, done));
    }
  }

  /**
   * Stops every partition and starts none until {@link #resume()}: the worker may no longer own them. Completes
   * once every stop under way here, earlier ones included, is through or past its drain bound.
   */
  Future<Void> pause() {
    paused = true;
    List<Running> all = new ArrayList<>(running.values());
    // Every gate closes in this one turn; forgetting the runs wholesale keeps that turn short with 100,000 of them.
    all.forEach(r -> r.owned = false);
    running.clear();
    partitionSet.clear();
    return drainAll(all).compose(v -> lingering(Map.of()));
  }

  void resume() {
    paused = false;
  }

  private Future<Void> stop(List<Running> partitions) {
    partitions.forEach(this::closeGate);
    return drainAll(partitions);
  }

  /** Drains runs whose gates are closed, a batch per turn; completes once every drain is through or timed out. */
  private Future<Void> drainAll(List<Running> partitions) {
    List<Runnable> undeploys = new ArrayList<>(partitions.size());
    List<Future<Void>> stops = new ArrayList<>(partitions.size());
    for (Running r : partitions) {
      undeploys.add(() -> stops.add(drain(r)));
    }
    return inBatches(undeploys).compose(v -> Future.join(stops)).mapEmpty();
  }

  /** Turns the gate off and forgets the run: nothing may start new work for it from here on. */
  private void closeGate(Running r) {
    log.handoffStep("gate-closed", r.partition.id());
    r.owned = false;
    if (running.remove(r.partition.id(), r)) {
      partitionSet.remove(r.partition);
    }
  }

  /**
   * Undeploys a run once its start is through and waits for its stop, for at most the drain timeout counted from
   * now: a start or a stop that never completes does not hold anything up past it.
   */
  private Future<Void> drain(Running r) {
    Promise<Void> drained = Promise.promise();
    long begun = scheduler.nanoTime();
    drained.future().onComplete(ar -> metrics.drained(scheduler.nanoTime() - begun));
    long timer = scheduler.setTimer(drainTimeout.toMillis(), () -> {
      if (drained.tryComplete()) {
        metrics.drainTimeout();
        log.warning(() -> "partition " + r.partition.id() + " did not stop within the drain timeout ("
            + drainTimeout.toMillis() + " ms); handing it off anyway");
        onDrainTimeout.accept(r);
      }
    });
    r.deploying.onComplete(started -> {
      if (started.failed()) {
        scheduler.cancelTimer(timer);
        drained.tryComplete();
        return;
      }
      deployer.undeploy(started.result()).onComplete(ar -> {
        scheduler.cancelTimer(timer);
        if (ar.failed()) {
          log.warning(() -> "partition " + r.partition.id() + " failed to stop cleanly: " + ar.cause());
        }
        drained.tryComplete();
      });
    });
    Future<Void> stopped = drained.future();
    String id = r.partition.id();
    stopping.put(id, stopped);
    stopped.onComplete(ar -> {
      stopping.remove(id, stopped);
      log.handoffStep("stopped", id);
    });
    return stopped;
  }

  /** Deploys a partition once its previous run here stopped; completes with its id, or {@code null} if it did not start. */
  private Future<String> start(Partition partition, long epoch, String workerId) {
    if (paused || !inContact.getAsBoolean()) {
      return Future.succeededFuture(null); // the follower retries
    }
    Running r = new Running(partition, epoch, workerId, group);
    running.put(partition.id(), r);
    partitionSet.add(partition);
    Future<Void> previous = stopping.getOrDefault(partition.id(), Future.succeededFuture());
    r.deploying = previous.compose(v -> {
      if (r.owned && !inContact.getAsBoolean()) {
        // Out of contact since the start was asked for (a long pause while the previous run drained): the lease
        // may have ended and the partition moved on. Not a failure of the verticle; the follower asks again.
        closeGate(r);
      }
      if (r.owned) {
        log.handoffStep("deploying", partition.id());
      }
      return r.owned ? deployer.deploy(r) : Future.failedFuture("stopped before it started");
    });
    Promise<String> started = Promise.promise();
    long asked = scheduler.nanoTime();
    started.future().onSuccess(id -> {
      metrics.started(scheduler.nanoTime() - asked);
      log.handoffStep("started", partition.id());
    });
    long timer = scheduler.setTimer(startTimeout.toMillis(), () -> started.tryFail(
        "its start did not complete within the start timeout (" + startTimeout.toMillis() + " ms)"));
    r.deploying.onComplete(ar -> {
      scheduler.cancelTimer(timer);
      if (ar.succeeded()) {
        started.tryComplete(ar.result());
      } else {
        started.tryFail(ar.cause());
      }
    });
    return started.future().map(id -> partition.id()).recover(e -> failedStart(r, e));
  }

  private Future<String> failedStart(Running r, Throwable error) {
    if (!r.owned) {
      return Future.succeededFuture(null); // stopped meanwhile: not a failure of the verticle
    }
    closeGate(r);
    if (!r.deploying.isComplete()) {
      drain(r); // a start that timed out: undeployed if it ever completes
    }
    metrics.deployFailed();
    log.error(() -> "partition " + r.partition.id() + " failed to deploy: " + error.getMessage());
    return Future.succeededFuture(null);
  }
}
