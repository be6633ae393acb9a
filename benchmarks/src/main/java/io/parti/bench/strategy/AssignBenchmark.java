package io.parti.bench.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The time of one rebalance: 10,000 partitions over 100 workers, just after the 100th worker joined, with the
 * strategy's own assignment for 99 workers as the previous one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AssignBenchmark {

  @Param({"consistentHash", "boundedLoad", "roundRobin", "stickyBalanced", "baseline.modN", "baseline.ring150"})
  public String strategy;

  @Param({"equal", "skewed"})
  public String weights;

  private AssignmentStrategy assignment;
  private List<String> workers;
  private List<Partition> partitions;
  private Map<Partition, String> previous;

  @Setup
  public void setUp() {
    assignment = Workloads.strategies().get(strategy);
    if (assignment == null) {
      throw new IllegalArgumentException("unknown strategy " + strategy);
    }
    workers = Workloads.workers(100);
    partitions = weights.equals("equal") ? Workloads.equalWeights(10_000) : Workloads.skewedWeights(10_000);
    previous = assignment.assign(Workloads.workers(99), partitions, Map.of());
  }

  @Benchmark
  public Map<Partition, String> assign() {
    return assignment.assign(workers, partitions, previous);
  }
}
