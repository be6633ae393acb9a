package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;
import io.parti.vertx.impl.env.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.function.Supplier;

/**
 * A bucket that tells an {@link Observer} how each of its operations ended and how long it took: the coordinator
 * times them for its metrics and watches them for a JetStream that is up but cannot answer.
 */
public final class ObservedKvBucket implements KvBucket {

  /** Told of every completed operation, on the caller's loop. */
  public interface Observer {
    /** @param failure what it failed with ({@link ObservedKvBucket#kind} names it for the meters), null when it succeeded */
    void completed(String operation, long nanos, Throwable failure);
  }

  private final KvBucket bucket;
  private final Observer observer;
  private final Scheduler scheduler;

  public ObservedKvBucket(KvBucket bucket, Scheduler scheduler, Observer observer) {
    this.bucket = bucket;
    this.scheduler = scheduler;
    this.observer = observer;
  }

  @Override
  public String name() {
    return bucket.name();
  }

  @Override
  public Future<Long> createUnlessWrittenAfter(String key, byte[] value, long after) {
    return timed("create", () -> bucket.createUnlessWrittenAfter(key, value, after));
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
  public Future<Long> lastRevision() {
    return timed("info", bucket::lastRevision);
  }

  @Override
  public KvWatch watch(String filter, Handler<KvEntry> handler) {
    return bucket.watch(filter, handler);
  }

  private <T> Future<T> timed(String operation, Supplier<Future<T>> call) {
    long start = scheduler.nanoTime();
    return call.get().andThen(ar -> observer.completed(operation, scheduler.nanoTime() - start, ar.cause()));
  }

  /**
   * The kind of a failure: {@code conflict}, {@code timeout}, {@code unavailable}, {@code forbidden} or {@code other};
   * null for none.
   */
  public static String kind(Throwable error) {
    if (error == null) {
      return null;
    }
    if (error instanceof PartiException.Conflict) {
      return "conflict";
    }
    if (error instanceof PartiException.Timeout) {
      return "timeout";
    }
    if (error instanceof PartiException.Forbidden) {
      return "forbidden";
    }
    return error instanceof PartiException.Unavailable ? "unavailable" : "other";
  }
}
