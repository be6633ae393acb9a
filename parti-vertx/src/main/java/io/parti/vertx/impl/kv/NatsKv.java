package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/** {@link Kv} on a jnats connection: buckets are looked up and created on a worker thread. */
public final class NatsKv implements Kv {

  private final Vertx vertx;
  private final Connection connection;
  private final Duration operationTimeout;
  private final JetStreamOptions api;

  public NatsKv(Vertx vertx, Connection connection, Duration operationTimeout) {
    this(vertx, connection, operationTimeout, null);
  }

  /** @param api how the JetStream API is reached (a domain, an API prefix), or null for the account's own */
  public NatsKv(Vertx vertx, Connection connection, Duration operationTimeout, JetStreamOptions api) {
    this.vertx = vertx;
    this.connection = connection;
    this.operationTimeout = operationTimeout;
    this.api = api;
  }

  @Override
  public Future<Boolean> exists(String bucket) {
    return KvBuckets.exists(vertx, connection, bucket, api);
  }

  @Override
  public Future<KvBucket> open(String bucket, Duration ttl, int replicas) {
    return KvBuckets.open(vertx, connection, bucket, ttl, replicas, 1, operationTimeout, api).map(b -> b);
  }
}
