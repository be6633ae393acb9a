package io.parti.bench.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The strategies under test and the inputs they are measured on. */
public final class Workloads {

  /** The seed of the skewed weights. */
  public static final long WEIGHT_SEED = 42;

  private Workloads() {
  }

  /** Every strategy by its name in the results, ours first, then the baselines. */
  public static Map<String, AssignmentStrategy> strategies() {
    Map<String, AssignmentStrategy> strategies = new LinkedHashMap<>();
    strategies.put("consistentHash", AssignmentStrategy.consistentHash());
    strategies.put("boundedLoad", AssignmentStrategy.boundedLoad());
    strategies.put("roundRobin", AssignmentStrategy.roundRobin());
    strategies.put("stickyBalanced", AssignmentStrategy.stickyBalanced());
    strategies.put("baseline.modN", Baselines.modN());
    strategies.put("baseline.ring150", Baselines.partiRing150());
    return strategies;
  }

  /** {@code worker-0} .. {@code worker-(n-1)}. */
  public static List<String> workers(int n) {
    List<String> workers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      workers.add("worker-" + i);
    }
    return workers;
  }

  /** {@code orders.0} .. {@code orders.(n-1)}, two keys each, weight 1. */
  public static List<Partition> equalWeights(int n) {
    List<Partition> partitions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      partitions.add(Partition.of("orders", Integer.toString(i)));
    }
    return partitions;
  }

  /**
   * The partitions of {@link #equalWeights} with Pareto weights (shape 1.5, rounded down, capped at 100, seed
   * {@value #WEIGHT_SEED}): half weigh 1, the mean is about 2.7, the heaviest 1 % weigh 20 or more.
   */
  public static List<Partition> skewedWeights(int n) {
    Random random = new Random(WEIGHT_SEED);
    List<Partition> partitions = equalWeights(n);
    partitions.replaceAll(p -> p.withWeight((int) Math.min(100, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.5)))));
    return partitions;
  }
}
