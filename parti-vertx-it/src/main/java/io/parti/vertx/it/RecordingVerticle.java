package io.parti.vertx.it;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

/**
 * A partition verticle that reports its runs to an {@link OwnershipRegistry}. Its stop can take a while,
 * like a real drain: the run counts as stopped only when the drain has finished.
 */
public final class RecordingVerticle extends VerticleBase {

  private final PartitionContext partition;
  private final String session;
  private final OwnershipRegistry registry;
  private final long drainMillis;
  private int run;

  /** @param session the session (claim of the worker id) the partition was granted to */
  public RecordingVerticle(PartitionContext partition, String session, OwnershipRegistry registry, long drainMillis) {
    this.partition = partition;
    this.session = session;
    this.registry = registry;
    this.drainMillis = drainMillis;
  }

  @Override
  public Future<?> start() {
    run = registry.started(partition.partition().id(), partition.workerId(), session, partition.epoch());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (partition.isOwned()) {
      registry.stoppedWhileOwned(partition.partition().id(), partition.workerId());
    }
    if (drainMillis <= 0) {
      registry.stopped(run);
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(drainMillis, t -> {
      registry.stopped(run);
      drained.complete();
    });
    return drained.future();
  }
}
