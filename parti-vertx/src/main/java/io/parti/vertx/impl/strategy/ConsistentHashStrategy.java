package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import net.openhft.hashing.LongHashFunction;

import java.util.Map;

/**
 * Plain consistent hashing: each partition goes to the owner of its position on a {@link HashRing}.
 * Weights and the previous assignment are ignored; stability comes from the ring alone.
 */
public final class ConsistentHashStrategy extends ValidatedStrategy {

  /** The largest accepted number of virtual nodes per worker. */
  public static final int MAX_VIRTUAL_NODES = 65_536;

  private final int virtualNodes;
  private final long seed;
  private final LongHashFunction hash;

  public ConsistentHashStrategy(int virtualNodes, long seed) {
    checkVirtualNodes(virtualNodes);
    this.virtualNodes = virtualNodes;
    this.seed = seed;
    this.hash = LongHashFunction.xx3(seed);
  }

  static void checkVirtualNodes(int virtualNodes) {
    if (virtualNodes < 1 || virtualNodes > MAX_VIRTUAL_NODES) {
      throw new IllegalArgumentException("virtualNodes must be in [1, " + MAX_VIRTUAL_NODES + "], was " + virtualNodes);
    }
  }

  @Override
  public String name() {
    return "consistentHash(virtualNodes=" + virtualNodes + ", seed=" + seed + ")";
  }

  @Override
  protected Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous) {
    HashRing ring = new HashRing(workers, virtualNodes, seed);
    Map<Partition, String> assignment = newAssignment(partitions.length);
    for (Partition partition : partitions) {
      put(assignment, partition, workers[ring.owner(HashRing.hash(hash, partition.id()))]);
    }
    return assignment;
  }

  @Override
  public String toString() {
    return "consistentHash(virtualNodes=" + virtualNodes + ", seed=" + seed + ")";
  }
}
