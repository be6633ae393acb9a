package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.PartitionVerticleFactory;
import io.parti.vertx.impl.protocol.Slot;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs one verticle per owned partition. Stopping a partition first closes its gate
 * ({@link PartitionContext#isOwned()} turns false), then undeploys the verticle and waits for its stop
 * (the drain), bounded by the drain timeout.
 */
final class PartitionRunner {

  private static final System.Logger LOG = System.getLogger(PartitionRunner.class.getName());
  /** Verticles deployed or undeployed per event-loop turn. */
  private static final int BATCH = 4;

  /** A partition running here: its context is the gate user code checks. */
  private static final class Running implements PartitionContext {
    final Partition partition;
    final long epoch;
    final String workerId;
    volatile boolean owned = true;
    String deploymentId;
    Future<String> deploying;

    Running(Partition partition, long epoch, String workerId) {
      this.partition = partition;
      this.epoch = epoch;
      this.workerId = workerId;
    }

    @Override public Partition partition() { return partition; }
    @Override public long epoch() { return epoch; }
    @Override public String workerId() { return workerId; }
    @Override public boolean isOwned() { return owned; }
  }

  private final Vertx vertx;
  private final PartitionVerticleFactory factory;
  private final Duration drainTimeout;
  private final PartiMetrics metrics;
  private final Consumer<PartitionContext> onDrainTimeout;
  private final Context launcher;
  private final TreeMap<String, Running> running = new TreeMap<>();
  private boolean paused;
  private final Set<Partition> partitionSet = ConcurrentHashMap.newKeySet();
  private final Set<Partition> partitionsView = Collections.unmodifiableSet(partitionSet);

  PartitionRunner(Vertx vertx, PartitionVerticleFactory factory, Duration drainTimeout, PartiMetrics metrics,
                  Consumer<PartitionContext> onDrainTimeout) {
    this.vertx = vertx;
    this.factory = factory;
    this.drainTimeout = drainTimeout;
    this.metrics = metrics;
    this.onDrainTimeout = onDrainTimeout;
    this.launcher = ((VertxInternal) vertx).createEventLoopContext();
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
   * epoch), then starts what is new. Completes with {@code true} when every start succeeded.
   */
  Future<Change> reconcile(Map<String, Slot> owned, String workerId) {
    List<Running> toStop = new ArrayList<>();
    running.forEach((id, r) -> {
      Slot slot = owned.get(id);
      if (slot == null || slot.epoch() != r.epoch) {
        toStop.add(r);
      }
    });
    List<String> removed = new ArrayList<>(toStop.size());
    toStop.forEach(r -> removed.add(r.partition.id()));
    return stop(toStop).compose(v -> {
      List<Runnable> starts = new ArrayList<>();
      List<Future<String>> started = new ArrayList<>();
      owned.forEach((id, slot) -> {
        if (!running.containsKey(id)) {
          starts.add(() -> started.add(start(Partition.fromId(id, slot.weight()), slot.epoch(), workerId)));
        }
      });
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
        return Future.succeededFuture(new Change(added, removed, allStarted));
      });
    });
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
      vertx.getOrCreateContext().runOnContext(v -> runBatch(actions, to, done));
    }
  }

  /** Stops every partition and starts none until {@link #resume()}: the worker may no longer own them. */
  Future<Void> pause() {
    paused = true;
    return stop(new ArrayList<>(running.values()));
  }

  void resume() {
    paused = false;
  }

  private Future<Void> stop(List<Running> partitions) {
    partitions.forEach(r -> {
      r.owned = false;
      running.remove(r.partition.id());
      partitionSet.remove(r.partition);
    });
    List<Runnable> undeploys = new ArrayList<>();
    List<Future<Void>> stops = new ArrayList<>();
    for (Running r : partitions) {
      if (r.deploying != null) {
        // A partition still starting is stopped once its start is through: it must not outlive this stop.
        undeploys.add(() -> stops.add(r.deploying.transform(ar -> ar.succeeded() ? undeploy(r) : Future.succeededFuture())));
      }
    }
    return inBatches(undeploys).compose(v -> Future.join(stops)).mapEmpty();
  }

  private Future<Void> undeploy(Running r) {
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(drainTimeout.toMillis(), t -> {
      if (drained.tryComplete()) {
        metrics.drainTimeout();
        LOG.log(System.Logger.Level.WARNING, "partition " + r.partition.id() + " did not stop within the drain timeout ("
            + drainTimeout.toMillis() + " ms); handing it off anyway");
        onDrainTimeout.accept(r);
      }
    });
    vertx.undeploy(r.deploymentId).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.failed()) {
        LOG.log(System.Logger.Level.WARNING, "partition " + r.partition.id() + " failed to stop cleanly: " + ar.cause());
      }
      drained.tryComplete();
    });
    return drained.future();
  }

  private Future<String> start(Partition partition, long epoch, String workerId) {
    if (paused) {
      return Future.succeededFuture(null);
    }
    Running r = new Running(partition, epoch, workerId);
    running.put(partition.id(), r);
    partitionSet.add(partition);
    Deployable verticle;
    try {
      verticle = factory.create(r);
    } catch (Exception e) {
      return failedStart(r, e);
    }
    DeploymentOptions deployment = new DeploymentOptions().setConfig(new JsonObject().put(PartitionContext.CONFIG_KEY, r.toJson()));
    r.deploying = deployUnparented(verticle, deployment).onSuccess(id -> r.deploymentId = id);
    return r.deploying.map(id -> partition.id()).recover(e -> failedStart(r, e));
  }

  /**
   * Deploys from a context that belongs to no deployment. A verticle deployed from the coordinator's own
   * context would be its child, and Vert.x undeploys children before their parent's stop(): the partitions
   * would stop before the graceful leave could hand them off. Completes on the coordinator's context.
   */
  private Future<String> deployUnparented(Deployable verticle, DeploymentOptions deployment) {
    Context owner = vertx.getOrCreateContext();
    Promise<String> deployed = Promise.promise();
    launcher.runOnContext(v -> vertx.deployVerticle(verticle, deployment)
        .onComplete(ar -> owner.runOnContext(x -> deployed.handle(ar))));
    return deployed.future();
  }

  private Future<String> failedStart(Running r, Throwable error) {
    if (running.remove(r.partition.id(), r)) {
      partitionSet.remove(r.partition);
    }
    metrics.deployFailed();
    LOG.log(System.Logger.Level.ERROR, "partition " + r.partition.id() + " failed to deploy: " + error);
    return Future.succeededFuture(null);
  }
}
