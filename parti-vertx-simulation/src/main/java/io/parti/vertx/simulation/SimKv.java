package io.parti.vertx.simulation;

import io.parti.vertx.impl.kv.Kv;
import io.parti.vertx.impl.kv.KvBucket;
import io.vertx.core.Future;

import java.time.Duration;

/** One process' access to the simulated server's buckets. */
final class SimKv implements Kv {

  private final SimProcess process;

  SimKv(SimProcess process) {
    this.process = process;
  }

  /** The simulated server's buckets are never deleted. */
  @Override
  public Future<Boolean> exists(String bucket) {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<KvBucket> open(String bucket, Duration ttl, int replicas) {
    SimServer.Stream stream = process.simulation().server().open(bucket, ttl, replicas);
    return Future.succeededFuture(new SimBucket(process, stream));
  }
}
