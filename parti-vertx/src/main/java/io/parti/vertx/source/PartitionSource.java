package io.parti.vertx.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.source.FixedPartitionSource;
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
   * Starts delivering the partition set: {@code listener} is called on the caller's context with the current
   * set, then again after every change.
   *
   * @param connection the coordinator's NATS connection, for sources kept in NATS
   */
  Future<Void> start(Vertx vertx, Connection connection, Consumer<List<Partition>> listener);

  /** Stops delivering. */
  Future<Void> stop();
}
