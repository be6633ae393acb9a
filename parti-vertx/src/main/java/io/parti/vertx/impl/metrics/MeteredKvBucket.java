package io.parti.vertx.impl.metrics;

import io.parti.vertx.PartiException;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.function.Supplier;

/**
 * A bucket whose operations are timed ({@code parti.kv.operation} by operation) and whose failures are counted by
 * kind ({@code parti.kv.errors}: conflict, timeout, unavailable, other). A revision conflict is an answer the
 * protocol expects (another writer was first), counted so that contention shows.
 */
public final class MeteredKvBucket implements KvBucket {

  private final KvBucket bucket;
  private final PartiMetrics metrics;
  private final Scheduler scheduler;

  public MeteredKvBucket(KvBucket bucket, PartiMetrics metrics, Scheduler scheduler) {
    this.bucket = bucket;
    this.metrics = metrics;
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return bucket.name();
  }

  @Override
  public Future<Long> create(String key, byte[] value) {
    return timed("create", () -> bucket.create(key, value));
  }

  @Override
  public Future<Long> put(String key, byte[] value) {
    return timed("put", () -> bucket.put(key, value));
  }

  @Override
  public Future<Long> update(String key, byte[] value, long expectedRevision) {
    return timed("update", () -> bucket.update(key, value, expectedRevision));
  }

  @Override
  public Future<Void> delete(String key, long expectedRevision) {
    return timed("delete", () -> bucket.delete(key, expectedRevision));
  }

  @Override
  public Future<KvEntry> get(String key) {
    return timed("get", () -> bucket.get(key));
  }

  @Override
  public Future<KvEntry> latest(String key) {
    return timed("latest", () -> bucket.latest(key));
  }

  @Override
  public KvWatch watch(String filter, Handler<KvEntry> handler) {
    return bucket.watch(filter, handler);
  }

  private <T> Future<T> timed(String operation, Supplier<Future<T>> call) {
    long start = scheduler.nanoTime();
    return call.get().andThen(ar -> metrics.kvOperation(operation, scheduler.nanoTime() - start,
        ar.succeeded() ? null : kind(ar.cause())));
  }

  static String kind(Throwable error) {
    if (error instanceof PartiException.Conflict) {
      return "conflict";
    }
    if (error instanceof PartiException.Timeout) {
      return "timeout";
    }
    return error instanceof PartiException.Unavailable ? "unavailable" : "other";
  }
}
