package io.parti.examples;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * A partition verticle of the orders demo: "processes" the orders of one partition on a timer, checking
 * the partition's gate before each unit of work, and drains on stop.
 */
public final class OrderVerticle extends VerticleBase {

  private final PartitionContext partition;
  private long processed;
  private long timer;

  public OrderVerticle(PartitionContext partition) {
    this.partition = partition;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(100, t -> {
      if (partition.isOwned()) {
        processed++;
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  long processed() {
    return processed;
  }
}
