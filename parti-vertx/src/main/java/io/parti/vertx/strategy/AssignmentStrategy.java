package io.parti.vertx.strategy;

import io.parti.vertx.Partition;

import java.util.Collection;
import java.util.Map;

/**
 * Decides which worker owns which partition.
 * <p>
 * A strategy is a pure, deterministic function: the same workers, partitions and previous assignment
 * give the same result whatever the iteration order of the inputs, on every JVM. The leader calls it
 * on its event loop, so it must be fast (10,000 partitions over 100 workers in a few milliseconds)
 * and must not block.
 */
@FunctionalInterface
public interface AssignmentStrategy {

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
