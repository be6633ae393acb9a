package io.parti.vertx.impl.kv;

import io.vertx.core.Future;

import java.time.Duration;

/** Opens the KV buckets a coordinator uses. */
public interface Kv {

  /**
   * Opens {@code bucket}, creating it when missing (history 1).
   *
   * @param ttl      the bucket's MaxAge (the lease of every key in it), or {@link Duration#ZERO} for none
   * @param replicas 1, or 3 on a JetStream cluster
   */
  Future<KvBucket> open(String bucket, Duration ttl, int replicas);

  /**
   * Whether {@code bucket} exists now: asked when JetStream stops answering, to tell a bucket an operator deleted
   * from a JetStream that cannot answer. Completes with {@code true} when in doubt (no answer).
   */
  Future<Boolean> exists(String bucket);
}
