package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;

import java.util.Arrays;
import java.util.Map;

/**
 * Deals the partitions, sorted by id, to the workers, sorted by id: partition {@code i} goes to worker
 * {@code i mod N}. Counts differ by at most one; weights and the previous assignment are ignored.
 */
public final class RoundRobinStrategy extends ValidatedStrategy {

  @Override
  public String name() {
    return "roundRobin";
  }

  @Override
  protected Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous) {
    Arrays.sort(partitions);
    Map<Partition, String> assignment = newAssignment(partitions.length);
    for (int i = 0; i < partitions.length; i++) {
      put(assignment, partitions[i], workers[i % workers.length]);
    }
    return assignment;
  }

  @Override
  public String toString() {
    return "roundRobin()";
  }
}
