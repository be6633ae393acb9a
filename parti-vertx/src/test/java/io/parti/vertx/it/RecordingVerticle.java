package io.parti.vertx.it;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A partition verticle that reports its start and stop to an {@link OwnershipRegistry}. */
public final class RecordingVerticle extends VerticleBase {

  private final PartitionContext partition;
  private final OwnershipRegistry registry;

  RecordingVerticle(PartitionContext partition, OwnershipRegistry registry) {
    this.partition = partition;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    registry.started(partition.partition().id(), partition.workerId());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    registry.stopped(partition.partition().id(), partition.workerId());
    return Future.succeededFuture();
  }
}
