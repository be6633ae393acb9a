package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The common part of the built-in strategies: validates the arguments with the same messages everywhere,
 * sorts the workers so that an index means the same worker whatever the order of the collection, and leaves
 * the placement to {@link #place}.
 */
public abstract class ValidatedStrategy implements AssignmentStrategy {

  /**
   * @throws NullPointerException     when an argument is null
   * @throws IllegalArgumentException on a null, empty or duplicate worker id, or a null or duplicate partition
   */
  @Override
  public final Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(previous, "previous");
    String[] sorted = sortedWorkers(workers);
    Partition[] array = partitions.toArray(new Partition[0]);
    for (Partition partition : array) {
      if (partition == null) {
        throw new IllegalArgumentException("partitions must not contain null");
      }
    }
    if (sorted.length == 0) {
      return Collections.emptyMap();
    }
    return Collections.unmodifiableMap(place(sorted, array, previous));
  }

  /**
   * Places the partitions; called with at least one worker.
   *
   * @param workers    the worker ids, sorted, without duplicates
   * @param partitions the partitions, in the caller's order, none null (duplicates are rejected by {@link #put})
   * @param previous   the previous assignment as given
   */
  protected abstract Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous);

  /** A map to collect an assignment of {@code size} partitions into. */
  protected static Map<Partition, String> newAssignment(int size) {
    return new HashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
  }

  /**
   * Records the owner of a partition.
   *
   * @throws IllegalArgumentException when the partition is already assigned (a duplicate input)
   */
  protected static void put(Map<Partition, String> assignment, Partition partition, String owner) {
    if (assignment.put(partition, owner) != null) {
      throw new IllegalArgumentException("duplicate partition " + partition.id());
    }
  }

  private static String[] sortedWorkers(Collection<String> workers) {
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
}
