package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AssignmentStatsTest {

  private final Partition a = Partition.of(List.of("a"), 3);
  private final Partition b = Partition.of(List.of("b"), 1);
  private final Partition c = Partition.of(List.of("c"), 2);

  @Test
  void weighsTheLoadOfEveryWorkerIncludingIdleOnes() {
    AssignmentStats stats = AssignmentStats.of(List.of("w1", "w2", "idle"), Map.of(a, "w1", b, "w2", c, "w2"));

    assertThat(stats.loads()).containsExactlyInAnyOrderEntriesOf(Map.of("w1", 3L, "w2", 3L, "idle", 0L));
    assertThat(stats.totalWeight()).isEqualTo(6);
    assertThat(stats.maxLoad()).isEqualTo(3);
    assertThat(stats.minLoad()).isZero();
    assertThat(stats.meanLoad()).isCloseTo(2.0, within(1e-12));
    assertThat(stats.maxOverMean()).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void countsOnlyPartitionsPresentInBothAssignmentsThatChangedOwner() {
    Map<Partition, String> before = Map.of(a, "w1", b, "w1", c, "w2");
    Map<Partition, String> after = Map.of(a, "w2", b, "w1", Partition.of("new"), "w1");

    assertThat(AssignmentStats.moved(before, after)).isEqualTo(1);
    assertThat(AssignmentStats.movedWeight(before, after)).isEqualTo(3);
  }

  @Test
  void anEmptyAssignmentIsPerfectlyBalanced() {
    assertThat(AssignmentStats.of(List.of("w1"), Map.of()).maxOverMean()).isEqualTo(1.0);
    assertThat(AssignmentStats.of(List.of(), Map.of()).meanLoad()).isZero();
  }

  @Test
  void rejectsAnOwnerThatIsNotAWorker() {
    assertThatThrownBy(() -> AssignmentStats.of(List.of("w1"), Map.of(a, "ghost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition a is assigned to ghost, which is not one of the workers");
  }
}
