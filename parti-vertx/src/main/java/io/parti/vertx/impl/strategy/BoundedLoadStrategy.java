package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import net.openhft.hashing.LongHashFunction;

import java.util.Map;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2018), weighted: every worker
 * may carry at most {@code ceil(loadFactor × total weight / workers)}, and a partition goes to the first
 * worker clockwise from its ring position that still has room for its weight.
 * <p>
 * Partitions are placed heaviest first (ties by ring position, then id, both descending), so the heavy ones, placed while
 * every worker still has room, sit on their plain ring owner and move only when the ring owner changes.
 * A partition that fits nowhere (possible only with weights) goes to the least loaded worker; that keeps the
 * busiest worker below {@code mean + its weight}. The previous assignment is ignored.
 */
public final class BoundedLoadStrategy extends ValidatedStrategy {

  private final double loadFactor;
  private final int virtualNodes;
  private final long seed;
  private final LongHashFunction hash;

  public BoundedLoadStrategy(double loadFactor, int virtualNodes, long seed) {
    if (!(loadFactor >= 1.0) || Double.isInfinite(loadFactor)) {
      throw new IllegalArgumentException("loadFactor must be a finite number >= 1.0, was " + loadFactor);
    }
    ConsistentHashStrategy.checkVirtualNodes(virtualNodes);
    this.loadFactor = loadFactor;
    this.virtualNodes = virtualNodes;
    this.seed = seed;
    this.hash = LongHashFunction.xx3(seed);
  }

  @Override
  public String name() {
    return "boundedLoad(loadFactor=" + loadFactor + ", virtualNodes=" + virtualNodes + ", seed=" + seed + ")";
  }

  @Override
  protected Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous) {
    Item[] order = new Item[partitions.length];
    long total = 0;
    for (int i = 0; i < partitions.length; i++) {
      order[i] = new Item(partitions[i], HashRing.hash(hash, partitions[i].id()));
      total += partitions[i].weight();
    }
    Item.sortCanonically(order);
    long capacity = (long) Math.ceil(loadFactor * total / workers.length);
    HashRing ring = new HashRing(workers, virtualNodes, seed);
    long[] loads = new long[workers.length];
    Map<Partition, String> assignment = newAssignment(order.length);
    for (int i = order.length - 1; i >= 0; i--) {
      int owner = firstWithRoom(ring, loads, order[i], capacity);
      loads[owner] += order[i].weight;
      put(assignment, order[i].partition, workers[owner]);
    }
    return assignment;
  }

  /** The first worker clockwise with room for the partition, else the least loaded (lowest index on ties). */
  private static int firstWithRoom(HashRing ring, long[] loads, Item item, long capacity) {
    long room = capacity - item.weight;
    int point = ring.firstPointAt(item.hash);
    for (int step = 0; step < ring.size(); step++) {
      int owner = ring.ownerOfPoint(point);
      if (loads[owner] <= room) {
        return owner;
      }
      point = point + 1 == ring.size() ? 0 : point + 1;
    }
    int least = 0;
    for (int w = 1; w < loads.length; w++) {
      if (loads[w] < loads[least]) {
        least = w;
      }
    }
    return least;
  }

  @Override
  public String toString() {
    return "boundedLoad(loadFactor=" + loadFactor + ", virtualNodes=" + virtualNodes + ", seed=" + seed + ")";
  }
}
