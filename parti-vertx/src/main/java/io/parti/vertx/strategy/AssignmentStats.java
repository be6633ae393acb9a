package io.parti.vertx.strategy;

import io.parti.vertx.Partition;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Measures an assignment: the weighted load of every worker, the spread of the loads, and how many
 * partitions changed owner between two assignments. A pure utility used by tests and benchmarks to check
 * what a strategy promises.
 */
public final class AssignmentStats {

  private final Map<String, Long> loads;
  private final long totalWeight;
  private final long maxLoad;
  private final long minLoad;

  private AssignmentStats(Map<String, Long> loads, long totalWeight) {
    this.loads = Collections.unmodifiableMap(loads);
    this.totalWeight = totalWeight;
    this.maxLoad = loads.values().stream().mapToLong(Long::longValue).max().orElse(0);
    this.minLoad = loads.values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  /**
   * The loads of {@code workers} under {@code assignment}; a worker without partitions has load 0.
   *
   * @throws IllegalArgumentException when the assignment names an owner that is not one of the workers
   */
  public static AssignmentStats of(Collection<String> workers, Map<Partition, String> assignment) {
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(assignment, "assignment");
    Map<String, Long> loads = new HashMap<>();
    for (String worker : workers) {
      loads.put(worker, 0L);
    }
    long total = 0;
    for (Map.Entry<Partition, String> e : assignment.entrySet()) {
      Long load = loads.get(e.getValue());
      if (load == null) {
        throw new IllegalArgumentException("partition " + e.getKey().id() + " is assigned to " + e.getValue() + ", which is not one of the workers");
      }
      loads.put(e.getValue(), load + e.getKey().weight());
      total += e.getKey().weight();
    }
    return new AssignmentStats(loads, total);
  }

  /** The number of partitions present in both assignments whose owner differs. */
  public static int moved(Map<Partition, String> before, Map<Partition, String> after) {
    int moved = 0;
    for (Map.Entry<Partition, String> e : after.entrySet()) {
      String owner = before.get(e.getKey());
      if (owner != null && !owner.equals(e.getValue())) {
        moved++;
      }
    }
    return moved;
  }

  /** The total weight of the partitions present in both assignments whose owner differs. */
  public static long movedWeight(Map<Partition, String> before, Map<Partition, String> after) {
    long moved = 0;
    for (Map.Entry<Partition, String> e : after.entrySet()) {
      String owner = before.get(e.getKey());
      if (owner != null && !owner.equals(e.getValue())) {
        moved += e.getKey().weight();
      }
    }
    return moved;
  }

  /** The weighted load of every worker, including those with load 0. */
  public Map<String, Long> loads() {
    return loads;
  }

  public long totalWeight() {
    return totalWeight;
  }

  public long maxLoad() {
    return maxLoad;
  }

  public long minLoad() {
    return minLoad;
  }

  /** The total weight divided by the number of workers; 0 without workers. */
  public double meanLoad() {
    return loads.isEmpty() ? 0 : (double) totalWeight / loads.size();
  }

  /** The largest load divided by the mean load: 1 is perfect balance; 1 when there is no weight at all. */
  public double maxOverMean() {
    return totalWeight == 0 ? 1 : maxLoad / meanLoad();
  }

  @Override
  public String toString() {
    return "AssignmentStats{workers=" + loads.size() + ", total=" + totalWeight + ", min=" + minLoad + ", max=" + maxLoad
        + ", maxOverMean=" + maxOverMean() + "}";
  }
}
