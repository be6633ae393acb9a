package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/** {@link Kv} on a jnats connection: buckets are looked up and created on a worker thread. */
public final class NatsKv implements Kv {

  private final Vertx vertx;
  private final Connection connection;
  private final Duration operationTimeout;

  public NatsKv(Vertx vertx, Connection connection, Duration operationTimeout) {
    this.vertx = vertx;
    this.connection = connection;
    this.operationTimeout = operationTimeout;
  }

  @Override
  public Future<Boolean> exists(String bucket) {
    return KvBuckets.exists(vertx, connection, bucket);
  }

  @Override
  public Future<KvBucket> open(String bucket, Duration ttl, int replicas) {
    return KvBuckets.open(vertx, connection, bucket, ttl, replicas, 1, operationTimeout).map(b -> b);
  }
}
