package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * One JetStream KV bucket, asynchronously. Every future completes on the caller's loop and fails with a
 * {@link PartiException} saying what kind of failure it was. A write that timed out may still land.
 */
public interface KvBucket {

  String name();

  /** Writes the key only if it has no value; a key whose last entry is a delete marker counts as absent. */
  default Future<Long> create(String key, byte[] value) {
    return createUnlessWrittenAfter(key, value, Long.MAX_VALUE);
  }

  /**
   * {@link #create}, except that a key the server reports written after revision {@code after} counts as held without
   * a read: only its last entry could be a delete marker to write over, and one written after {@code after} (a key
   * deleted since) is passed over like a held one. A worker id claim walking up from the lowest id saves a round trip
   * per id it finds held, and passes over an id deleted while it walked as it passes over one deleted behind it.
   */
  default Future<Long> createUnlessWrittenAfter(String key, byte[] value, long after) {
    return update(key, value, 0).recover(error -> {
      if (!(error instanceof PartiException.Conflict) || ((PartiException.Conflict) error).currentRevision() > after) {
        return Future.failedFuture(error);
      }
      // As jnats' KeyValue.create: a key that was deleted still has a marker as its last entry, so re-check and write
      // over the marker, revision-checked.
      return latest(key).compose(entry -> entry != null && entry.isRemoval()
          ? update(key, value, entry.revision())
          : Future.failedFuture(error));
    });
  }

  /** Writes the key whatever its revision; returns the new revision. */
  Future<Long> put(String key, byte[] value);

  /** Writes the key if its current revision is {@code expectedRevision}; returns the new revision. */
  Future<Long> update(String key, byte[] value, long expectedRevision);

  /** Deletes the key if its current revision is {@code expectedRevision}. */
  Future<Void> delete(String key, long expectedRevision);

  /** The current value of the key, or {@code null} when it has none (never written, deleted or expired). */
  Future<KvEntry> get(String key);

  /**
   * The last entry of the key, a delete or purge marker included, or {@code null} when it has none: what a
   * revision-checked write over a deleted key must expect.
   */
  Future<KvEntry> latest(String key);

  /**
   * The newest revision of any key of the bucket (its stream's last sequence), as the stream's leader answers: not a
   * replica, which may lag. Below a revision seen before only when the stream lost its last writes or was created anew.
   */
  Future<Long> lastRevision();

  /**
   * A watch of the keys matching {@code filter} (a key, or a pattern with NATS wildcards), not started yet: it
   * hands every entry to {@code handler} on the caller's loop, in revision order, each revision at most once.
   */
  KvWatch watch(String filter, Handler<KvEntry> handler);
}
