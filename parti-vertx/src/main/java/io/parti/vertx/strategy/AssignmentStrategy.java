package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.strategy.ConsistentHashStrategy;

import java.util.Collection;
import java.util.Map;

/**
 * Decides which worker owns which partition.
 * <p>
 * A strategy is a pure, deterministic function: the same workers, partitions and previous assignment
 * give the same result whatever the iteration order of the inputs, on every JVM. The leader calls it
 * on its event loop, so it must be fast (10,000 partitions over 100 workers in a few milliseconds)
 * and must not block.
 * <p>
 * The built-in strategies are created by the static factories below; each documents what it promises
 * (balance and movement), and docs/strategies.md gives the measured figures. Users can plug in their own
 * implementation.
 */
@FunctionalInterface
public interface AssignmentStrategy {

  /** The number of ring points per worker of {@link #consistentHash()}. */
  int DEFAULT_VIRTUAL_NODES = 150;

  /** The hash seed of {@link #consistentHash()}. */
  long DEFAULT_SEED = 0;

  /**
   * Consistent hashing with {@value #DEFAULT_VIRTUAL_NODES} virtual nodes per worker and seed
   * {@value #DEFAULT_SEED}.
   *
   * @see #consistentHash(int, long)
   */
  static AssignmentStrategy consistentHash() {
    return consistentHash(DEFAULT_VIRTUAL_NODES, DEFAULT_SEED);
  }

  /**
   * Consistent hashing: every worker owns {@code virtualNodes} points on a ring of xxh3 hashes, and a partition
   * goes to the first point at or after the xxh3 hash of the UTF-8 bytes of its {@link Partition#id()}.
   * Positions do not depend on the JVM, so every process computes the same ring.
   * <p>
   * Promises: a partition's owner depends only on the worker set, so when a worker joins only partitions that
   * move to the new worker move, and when a worker leaves only its own partitions move. How many move, and how
   * even the load is, is a matter of chance that shrinks with more virtual nodes (see docs/strategies.md for
   * the measured spread). Weights and the previous assignment are ignored: use {@link #stickyBalanced()} for
   * balance and weights.
   *
   * @param virtualNodes points per worker, in [1, 65536]
   * @param seed         the xxh3 seed; processes that must agree must use the same seed
   */
  static AssignmentStrategy consistentHash(int virtualNodes, long seed) {
    return new ConsistentHashStrategy(virtualNodes, seed);
  }

  /**
   * Computes the owner of every partition.
   *
   * @param workers    the live worker ids, without duplicates; iteration order carries no meaning
   * @param partitions the partitions to place, without duplicates; iteration order carries no meaning
   * @param previous   the owner of each partition in the last committed assignment; may be empty and may
   *                   name workers that are gone or partitions that no longer exist
   * @return the owner of each partition: every partition of {@code partitions} exactly once, every owner
   * one of {@code workers}; an empty map when there are no workers
   */
  Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous);
}
