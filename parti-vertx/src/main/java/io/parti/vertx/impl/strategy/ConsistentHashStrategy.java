package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;
import net.openhft.hashing.LongHashFunction;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * Plain consistent hashing: each partition goes to the owner of its position on a {@link HashRing}.
 * Weights and the previous assignment are ignored; stability comes from the ring alone.
 */
public final class ConsistentHashStrategy implements AssignmentStrategy {

  /** The largest accepted number of virtual nodes per worker. */
  public static final int MAX_VIRTUAL_NODES = 65_536;

  private final int virtualNodes;
  private final long seed;
  private final LongHashFunction hash;

  public ConsistentHashStrategy(int virtualNodes, long seed) {
    if (virtualNodes < 1 || virtualNodes > MAX_VIRTUAL_NODES) {
      throw new IllegalArgumentException("virtualNodes must be in [1, " + MAX_VIRTUAL_NODES + "], was " + virtualNodes);
    }
    this.virtualNodes = virtualNodes;
    this.seed = seed;
    this.hash = LongHashFunction.xx3(seed);
  }

  @Override
  public Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
    StrategyInputs.requireArguments(workers, partitions, previous);
    String[] sorted = StrategyInputs.sortedWorkers(workers);
    if (sorted.length == 0) {
      return StrategyInputs.noWorkers(partitions);
    }
    HashRing ring = new HashRing(sorted, virtualNodes, seed);
    Map<Partition, String> assignment = StrategyInputs.newAssignment(partitions.size());
    for (Partition partition : partitions) {
      String owner = partition == null ? null : sorted[ring.owner(HashRing.hash(hash, partition.id()))];
      StrategyInputs.put(assignment, partition, owner);
    }
    return Collections.unmodifiableMap(assignment);
  }

  @Override
  public String toString() {
    return "consistentHash(virtualNodes=" + virtualNodes + ", seed=" + seed + ")";
  }
}
