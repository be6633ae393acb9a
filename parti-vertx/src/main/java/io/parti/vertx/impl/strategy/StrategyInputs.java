package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Validation and canonical ordering of the arguments of
 * {@link io.parti.vertx.strategy.AssignmentStrategy#assign}, shared by the built-in strategies so that they
 * reject bad input with the same messages and never depend on the iteration order of a collection.
 */
public final class StrategyInputs {

  private StrategyInputs() {
  }

  /** Checks the three arguments for {@code null}. */
  public static void requireArguments(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(previous, "previous");
  }

  /**
   * The worker ids sorted by {@link String#compareTo}, so that an index into the array means the same worker
   * whatever the order of the collection.
   *
   * @throws IllegalArgumentException on a null, empty or duplicate worker id
   */
  public static String[] sortedWorkers(Collection<String> workers) {
    String[] sorted = workers.toArray(new String[0]);
    for (String worker : sorted) {
      if (worker == null || worker.isEmpty()) {
        throw new IllegalArgumentException("worker id must be a non-empty string, was " + (worker == null ? "null" : "\"\""));
      }
    }
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].equals(sorted[i - 1])) {
        throw new IllegalArgumentException("duplicate worker id \"" + sorted[i] + "\"");
      }
    }
    return sorted;
  }

  /** A map to collect an assignment of {@code size} partitions into. */
  public static Map<Partition, String> newAssignment(int size) {
    return new HashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
  }

  /**
   * Records the owner of a partition.
   *
   * @throws IllegalArgumentException when the partition is null or already assigned (a duplicate input)
   */
  public static void put(Map<Partition, String> assignment, Partition partition, String owner) {
    if (partition == null) {
      throw new IllegalArgumentException("partitions must not contain null");
    }
    if (assignment.put(partition, owner) != null) {
      throw new IllegalArgumentException("duplicate partition " + partition.id());
    }
  }

  /** Checks the partitions for {@code null} when there is no worker to place them on. */
  public static Map<Partition, String> noWorkers(Collection<Partition> partitions) {
    for (Partition partition : partitions) {
      if (partition == null) {
        throw new IllegalArgumentException("partitions must not contain null");
      }
    }
    return Collections.emptyMap();
  }
}
