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
  Future<Long> create(String key, byte[] value);

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
