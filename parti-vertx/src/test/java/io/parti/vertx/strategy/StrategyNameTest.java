package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StrategyNameTest {

  @Test
  void theBuiltInStrategiesNameThemselvesWithTheirParameters() {
    assertThat(AssignmentStrategy.consistentHash().name()).isEqualTo("consistentHash(virtualNodes=150, seed=0)");
    assertThat(AssignmentStrategy.consistentHash(64, 7).name()).isEqualTo("consistentHash(virtualNodes=64, seed=7)");
    assertThat(AssignmentStrategy.boundedLoad().name()).isEqualTo("boundedLoad(loadFactor=1.25, virtualNodes=150, seed=0)");
    assertThat(AssignmentStrategy.roundRobin().name()).isEqualTo("roundRobin");
    assertThat(AssignmentStrategy.stickyBalanced().name()).isEqualTo("stickyBalanced");
  }

  @Test
  void aUserStrategyIsNamedByItsClassAndALambdaIsCustom() {
    AssignmentStrategy lambda = (workers, partitions, previous) -> Map.of();
    assertThat(lambda.name()).isEqualTo("custom");
    assertThat(new Mine().name()).isEqualTo(Mine.class.getName());
  }

  private static final class Mine implements AssignmentStrategy {
    @Override
    public Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
      return Map.of();
    }
  }
}
