package io.parti.vertx.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.source.FixedPartitionSource;
import io.parti.vertx.impl.source.WatchedKvPartitionSource;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the leader learns the set of partitions. Only the leader starts its source; a change of the set
 * triggers a rebalance.
 */
public interface PartitionSource {

  /** A fixed list of partitions. */
  static PartitionSource fixed(Collection<Partition> partitions) {
    return new FixedPartitionSource(partitions);
  }

  /**
   * A partition list kept in {@code bucket/key} and watched; change it with a {@link PartitionEditor}. The
   * bucket is created when missing, with the other {@link KvPartitionSourceOptions} at their defaults.
   */
  static KvPartitionSource kv(String bucket, String key) {
    return kv(new KvPartitionSourceOptions().setBucket(bucket).setKey(key));
  }

  /** A partition list kept and watched as {@code options} say; change it with a {@link PartitionEditor}. */
  static KvPartitionSource kv(KvPartitionSourceOptions options) {
    return new WatchedKvPartitionSource(new KvPartitionSourceOptions(options).validate());
  }

  /**
   * Starts delivering the partition set: {@code listener} is called on the caller's context with the current
   * set, then again after every change.
   *
   * @param connection the coordinator's NATS connection, for sources kept in NATS
   */
  Future<Void> start(Vertx vertx, Connection connection, Consumer<List<Partition>> listener);

  /** Stops delivering. */
  Future<Void> stop();
}
