package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * Deals the partitions, sorted by id, to the workers, sorted by id: partition {@code i} goes to worker
 * {@code i mod N}. Counts differ by at most one; weights and the previous assignment are ignored.
 */
public final class RoundRobinStrategy implements AssignmentStrategy {

  @Override
  public Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
    StrategyInputs.requireArguments(workers, partitions, previous);
    String[] sorted = StrategyInputs.sortedWorkers(workers);
    if (sorted.length == 0) {
      return StrategyInputs.noWorkers(partitions);
    }
    Partition[] ordered = StrategyInputs.partitionArray(partitions);
    Arrays.sort(ordered);
    Map<Partition, String> assignment = StrategyInputs.newAssignment(ordered.length);
    for (int i = 0; i < ordered.length; i++) {
      StrategyInputs.put(assignment, ordered[i], sorted[i % sorted.length]);
    }
    return Collections.unmodifiableMap(assignment);
  }

  @Override
  public String toString() {
    return "roundRobin()";
  }
}
