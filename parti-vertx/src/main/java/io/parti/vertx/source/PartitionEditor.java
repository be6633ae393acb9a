package io.parti.vertx.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.source.KvPartitionEditor;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes the partition list of a {@link KvPartitionSource} at runtime. Every change is a read, then a
 * write checked against the revision that was read, retried on conflict: two editors changing the list at
 * the same time both land their change. Futures complete on the caller's context.
 */
public interface PartitionEditor {

  /** An editor of {@code bucket/key}; the bucket is created when missing, with the other options at their defaults. */
  static PartitionEditor create(Vertx vertx, Connection connection, String bucket, String key) {
    return create(vertx, connection, new KvPartitionSourceOptions().setBucket(bucket).setKey(key));
  }

  /** An editor of the list {@code options} name, with their bucket settings, timeout and number of attempts. */
  static PartitionEditor create(Vertx vertx, Connection connection, KvPartitionSourceOptions options) {
    return new KvPartitionEditor(vertx, connection, new KvPartitionSourceOptions(options).validate());
  }

  /** The current list (empty when the key has no value). */
  Future<List<Partition>> get();

  /** Adds partitions; those already listed keep their place and take the given weight. Returns the new list. */
  Future<List<Partition>> add(Collection<Partition> partitions);

  /** Removes partitions; those not listed are ignored. Returns the new list. */
  Future<List<Partition>> remove(Collection<Partition> partitions);

  /**
   * Applies {@code change} to the current list and stores the result, retrying with a fresh read on
   * conflict; {@code change} may therefore run more than once and must be a pure function.
   */
  Future<List<Partition>> modify(UnaryOperator<List<Partition>> change);
}
