package io.parti.bench;

import io.parti.bench.strategy.AssignBenchmark;
import io.parti.bench.strategy.Workloads;
import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStats;
import io.parti.vertx.strategy.AssignmentStrategy;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmarks/run strategies [--quick]}: for every strategy and baseline of {@link Workloads#strategies()}
 * writes to {@code strategies.json}
 * <ul>
 *   <li>{@code S.assign10kx100Ms} and {@code S.assign10kx100WeightedMs}: JMH average time of one assignment
 *   (see {@link AssignBenchmark}), equal and skewed weights, with {@code ...MedianMs} the median of the
 *   measurement iterations and {@code S.assignVsRing150} the equal-weights median ÷ that of
 *   {@code baseline.ring150} (the machine is shared, so ratios in one run say more than absolute times);</li>
 *   <li>{@code S.moveRatio10to11}, {@code S.moveRatio100to101}, {@code S.moveRatio10to9},
 *   {@code S.moveRatio100to99}: partitions moved ÷ the optimum {@code P/(N+1)} (join) or {@code P/N} (leave),
 *   10,000 partitions of equal weight, the previous assignment passed in;</li>
 *   <li>{@code S.weightedMoveRatio10to11}, {@code S.weightedMoveRatio100to101}: weight moved ÷ the optimum
 *   {@code W/(N+1)}, skewed weights;</li>
 *   <li>{@code S.maxOverMean} and {@code S.weightedMaxOverMean}: busiest worker ÷ mean load on 101 workers
 *   after the 100 → 101 rebalance, equal and skewed weights.</li>
 * </ul>
 */
public final class StrategiesBench {

  private static final int PARTITIONS = 10_000;

  private StrategiesBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    BenchResults results = new BenchResults("strategies");
    List<Partition> equal = Workloads.equalWeights(PARTITIONS);
    List<Partition> skewed = Workloads.skewedWeights(PARTITIONS);
    for (Map.Entry<String, AssignmentStrategy> e : Workloads.strategies().entrySet()) {
      String name = e.getKey();
      AssignmentStrategy strategy = e.getValue();
      results.put(name + ".moveRatio10to11", moveRatio(strategy, equal, 10, 11, false));
      results.put(name + ".moveRatio100to101", moveRatio(strategy, equal, 100, 101, false));
      results.put(name + ".moveRatio10to9", moveRatio(strategy, equal, 10, 9, false));
      results.put(name + ".moveRatio100to99", moveRatio(strategy, equal, 100, 99, false));
      results.put(name + ".weightedMoveRatio10to11", moveRatio(strategy, skewed, 10, 11, true));
      results.put(name + ".weightedMoveRatio100to101", moveRatio(strategy, skewed, 100, 101, true));
      results.put(name + ".maxOverMean", maxOverMeanAfterJoin(strategy, equal));
      results.put(name + ".weightedMaxOverMean", maxOverMeanAfterJoin(strategy, skewed));
    }
    Map<String, Double> medians = new HashMap<>();
    for (RunResult run : new Runner(jmhOptions(quick)).run()) {
      String figure = run.getParams().getParam("strategy")
          + (run.getParams().getParam("weights").equals("equal") ? ".assign10kx100" : ".assign10kx100Weighted");
      results.put(figure + "Ms", run.getPrimaryResult().getScore());
      double median = BenchResults.medianOfIterations(run);
      results.put(figure + "MedianMs", median);
      medians.put(figure, median);
    }
    for (String name : Workloads.strategies().keySet()) {
      results.put(name + ".assignVsRing150", medians.get(name + ".assign10kx100") / medians.get("baseline.ring150.assign10kx100"));
    }
    results.write();
  }

  /** Moved (count or weight) ÷ optimum when {@code from} workers become {@code to}. */
  private static double moveRatio(AssignmentStrategy strategy, List<Partition> partitions, int from, int to, boolean weighted) {
    Map<Partition, String> before = strategy.assign(Workloads.workers(from), partitions, Map.of());
    Map<Partition, String> after = strategy.assign(Workloads.workers(to), partitions, before);
    double total = weighted ? partitions.stream().mapToLong(Partition::weight).sum() : partitions.size();
    double optimum = total / Math.max(from, to);
    return (weighted ? AssignmentStats.movedWeight(before, after) : AssignmentStats.moved(before, after)) / optimum;
  }

  private static double maxOverMeanAfterJoin(AssignmentStrategy strategy, Collection<Partition> partitions) {
    List<String> workers = Workloads.workers(101);
    Map<Partition, String> before = strategy.assign(Workloads.workers(100), partitions, Map.of());
    return AssignmentStats.of(workers, strategy.assign(workers, partitions, before)).maxOverMean();
  }

  private static Options jmhOptions(boolean quick) {
    return new OptionsBuilder()
        .include(AssignBenchmark.class.getName())
        .forks(1)
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 3 : 10)
        .measurementTime(TimeValue.seconds(1))
        .shouldFailOnError(true)
        .build();
  }
}
