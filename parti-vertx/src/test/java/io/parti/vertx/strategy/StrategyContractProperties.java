package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every built-in strategy promises, whatever its placement rule. */
class StrategyContractProperties {

  @Provide
  Arbitrary<AssignmentStrategy> strategies() {
    return Arbitraries.of(
        AssignmentStrategy.consistentHash(),
        AssignmentStrategy.consistentHash(7, 42));
  }

  @Property(tries = 150)
  void assignsEveryPartitionExactlyOnceToALiveWorker(@ForAll("strategies") AssignmentStrategy strategy,
                                                     @ForAll("workers") List<String> workers,
                                                     @ForAll("weighted") List<Partition> partitions,
                                                     @ForAll("previous") Map<Partition, String> stale) {
    List<String> earlier = new ArrayList<>(workers.subList(0, workers.size() / 2));
    earlier.add("gone-worker");
    Map<Partition, String> previous = new HashMap<>(stale);
    previous.putAll(strategy.assign(earlier, partitions.subList(0, partitions.size() / 2), Map.of()));

    Map<Partition, String> assignment = strategy.assign(workers, partitions, previous);

    assertThat(assignment.keySet()).containsExactlyInAnyOrderElementsOf(partitions);
    assertThat(new HashSet<>(workers)).containsAll(assignment.values());
  }

  @Property(tries = 150)
  void dependsOnlyOnTheInputsNotOnTheirOrder(@ForAll("strategies") AssignmentStrategy strategy,
                                             @ForAll("workers") List<String> workers,
                                             @ForAll("weighted") List<Partition> partitions,
                                             @ForAll Random random) {
    Map<Partition, String> previous = strategy.assign(workers.subList(0, (workers.size() + 1) / 2), partitions, Map.of());
    Map<Partition, String> first = strategy.assign(workers, partitions, previous);

    Map<Partition, String> reordered = strategy.assign(
        new LinkedHashSet<>(Scenarios.shuffled(workers, random)),
        Scenarios.shuffled(partitions, random),
        new HashMap<>(previous));

    assertThat(reordered).isEqualTo(first);
    assertThat(strategy.assign(workers, partitions, previous)).isEqualTo(first);
  }

  @Property(tries = 20)
  void assignsNothingWithoutWorkers(@ForAll("strategies") AssignmentStrategy strategy, @ForAll("weighted") List<Partition> partitions) {
    assertThat(strategy.assign(List.of(), partitions, Map.of())).isEmpty();
  }

  @Property(tries = 10)
  void rejectsBadInputWithAClearMessage(@ForAll("strategies") AssignmentStrategy strategy) {
    List<Partition> partitions = List.of(Partition.of("a"), Partition.of("b"));
    assertThatThrownBy(() -> strategy.assign(List.of("w1", "w2", "w1"), partitions, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate worker id \"w1\"");
    assertThatThrownBy(() -> strategy.assign(Arrays.asList("w1", null), partitions, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("worker id must be a non-empty string, was null");
    assertThatThrownBy(() -> strategy.assign(List.of("w1", ""), partitions, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("worker id must be a non-empty string");
    assertThatThrownBy(() -> strategy.assign(List.of("w1"), List.of(Partition.of("a"), Partition.of("a").withWeight(3)), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate partition a");
    for (List<String> workers : List.of(List.of("w1"), List.<String>of())) {
      assertThatThrownBy(() -> strategy.assign(workers, Arrays.asList(Partition.of("a"), null), Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions must not contain null");
    }
    assertThatThrownBy(() -> strategy.assign(null, partitions, Map.of())).isInstanceOf(NullPointerException.class).hasMessage("workers");
    assertThatThrownBy(() -> strategy.assign(List.of("w1"), null, Map.of())).isInstanceOf(NullPointerException.class).hasMessage("partitions");
    assertThatThrownBy(() -> strategy.assign(List.of("w1"), partitions, null)).isInstanceOf(NullPointerException.class).hasMessage("previous");
  }

  @Provide
  Arbitrary<List<String>> workers() {
    return Scenarios.workers(1, 12);
  }

  @Provide
  Arbitrary<List<Partition>> weighted() {
    return Scenarios.weightedPartitions(0, 200, 50);
  }

  /** Previous assignments that name partitions and workers that may or may not exist any more. */
  @Provide
  Arbitrary<Map<Partition, String>> previous() {
    return Arbitraries.maps(Scenarios.partitions(1, 1).map(list -> list.get(0)), Scenarios.workers(1, 1).map(list -> list.get(0)))
        .ofMaxSize(100);
  }
}
