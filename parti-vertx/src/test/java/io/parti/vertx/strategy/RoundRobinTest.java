package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link AssignmentStrategy#roundRobin()} promises. */
class RoundRobinTest {

  @Property(tries = 150)
  void dealsPartitionsSortedByIdToWorkersSortedById(@ForAll("workers") List<String> workers, @ForAll("weighted") List<Partition> partitions) {
    Map<Partition, String> assignment = AssignmentStrategy.roundRobin().assign(workers, partitions, Map.of());

    List<String> sortedWorkers = new ArrayList<>(workers);
    sortedWorkers.sort(null);
    List<Partition> sortedPartitions = new ArrayList<>(partitions);
    sortedPartitions.sort((a, b) -> a.id().compareTo(b.id()));
    for (int i = 0; i < sortedPartitions.size(); i++) {
      assertThat(assignment.get(sortedPartitions.get(i))).isEqualTo(sortedWorkers.get(i % sortedWorkers.size()));
    }
  }

  @Property(tries = 150)
  void partitionCountsDifferByAtMostOne(@ForAll("workers") List<String> workers, @ForAll("weighted") List<Partition> partitions) {
    Map<Partition, String> assignment = AssignmentStrategy.roundRobin().assign(workers, partitions, Map.of());

    List<Partition> unit = new ArrayList<>(partitions);
    unit.replaceAll(p -> p.withWeight(1));
    Map<Partition, String> counted = AssignmentStrategy.roundRobin().assign(workers, unit, Map.of());
    AssignmentStats counts = AssignmentStats.of(workers, counted);
    assertThat(counts.maxLoad() - counts.minLoad()).isLessThanOrEqualTo(1);
    assertThat(counted).as("weights are ignored").isEqualTo(assignment);
  }

  @Provide
  Arbitrary<List<String>> workers() {
    return Scenarios.workers(1, 12);
  }

  @Provide
  Arbitrary<List<Partition>> weighted() {
    return Scenarios.weightedPartitions(0, 300, 60);
  }
}
