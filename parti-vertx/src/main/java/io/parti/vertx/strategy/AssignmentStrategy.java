package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.strategy.BoundedLoadStrategy;
import io.parti.vertx.impl.strategy.ConsistentHashStrategy;
import io.parti.vertx.impl.strategy.RoundRobinStrategy;
import io.parti.vertx.impl.strategy.StickyBalancedStrategy;

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

  /** The hash seed of {@link #consistentHash()} and {@link #boundedLoad()}. */
  long DEFAULT_SEED = 0;

  /** The load factor of {@link #boundedLoad()}: no worker carries more than 1.25 × the mean load. */
  double DEFAULT_LOAD_FACTOR = 1.25;

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
   * Weighted consistent hashing with bounded loads and load factor {@value #DEFAULT_LOAD_FACTOR}.
   *
   * @see #boundedLoad(double)
   */
  static AssignmentStrategy boundedLoad() {
    return boundedLoad(DEFAULT_LOAD_FACTOR);
  }

  /**
   * Weighted consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam): the ring of
   * {@link #consistentHash()}, where a worker accepts partitions only up to a capacity of
   * {@code ceil(loadFactor × total weight / workers)}; a partition that does not fit goes on clockwise to the
   * next worker with room. Partitions are placed heaviest first, so heavy partitions follow their ring owner.
   * <p>
   * Promises: with equal weights no worker carries more than {@code ceil(loadFactor × P / N)} partitions. With
   * weights no worker carries more than {@code max(ceil(loadFactor × mean), mean + heaviest weight)}: a
   * partition that fits nowhere goes to the least loaded worker. It is stateless (the previous assignment is
   * ignored), so movement on a change of workers exceeds plain consistent hashing, the more so the closer
   * {@code loadFactor} is to 1 (see docs/strategies.md for measured figures).
   *
   * @param loadFactor how far above the mean a worker may be loaded, a finite number {@code >= 1}
   */
  static AssignmentStrategy boundedLoad(double loadFactor) {
    return new BoundedLoadStrategy(loadFactor, DEFAULT_VIRTUAL_NODES, DEFAULT_SEED);
  }

  /**
   * Round robin: partitions sorted by {@link Partition#id()} are dealt in turn to workers sorted by id.
   * <p>
   * Promises: partition counts differ by at most one. Weights are ignored, and the previous assignment too:
   * adding or removing a worker reshuffles almost every partition. Use it for fixed fleets only.
   */
  static AssignmentStrategy roundRobin() {
    return new RoundRobinStrategy();
  }

  /**
   * Sticky balanced: keeps every partition on its previous owner unless balance requires a move, and then
   * moves as little as it can. New partitions, and those whose owner is gone, go to the least loaded worker.
   * <p>
   * Promises, with equal weights: every worker holds {@code floor(P/N)} or {@code ceil(P/N)} partitions, and
   * the number of partitions that change owner is the minimum possible for such a result given the previous
   * assignment (so a joining worker takes exactly its share, a leaving worker's partitions are the only ones
   * that move).
   * <p>
   * With weights (a greedy heuristic): no worker carries more than {@code max(1.05 × mean, mean + w)}, where
   * {@code w} is the heaviest weight, so at most 1.05 × the mean whenever no partition weighs more than 5 %
   * of the mean. Every partition heavier than 1.05 × the mean gets a worker to itself (as long as there are
   * fewer such partitions than workers): it stays on its previous owner when that is live and held no heavier
   * one. The others share the rest, so the busiest worker then carries that partition's weight, more than
   * the mean can promise.
   * Workers below 0.95 × the mean are topped up where a partition of a suitable weight exists.
   */
  static AssignmentStrategy stickyBalanced() {
    return new StickyBalancedStrategy();
  }

  /**
   * What this strategy is, with every parameter that changes its result: workers send it in their heartbeats and
   * the leader writes it into each record, so a fleet whose workers were configured differently says so (a
   * leadership change to such a worker would reassign by other rules). The built-in ones answer e.g.
   * {@code consistentHash(virtualNodes=150, seed=0)}; override it in your own strategies. The default is the class
   * name, or {@code "custom"} for a lambda (whose class name differs between processes).
   */
  default String name() {
    return getClass().isHidden() ? "custom" : getClass().getName();
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
