package io.parti.vertx.strategy;

import io.parti.vertx.Partition;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Generators and fixed inputs shared by the strategy tests. */
final class Scenarios {

  private Scenarios() {
  }

  /** Distinct worker ids of 1 to 8 letters and digits. */
  static Arbitrary<List<String>> workers(int min, int max) {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
        .list().uniqueElements().ofMinSize(min).ofMaxSize(max);
  }

  /** Distinct partitions of one or two keys, with weight 1. */
  static Arbitrary<List<Partition>> partitions(int min, int max) {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('.', '%', 'é').ofMinLength(1).ofMaxLength(6)
        .list().ofMinSize(1).ofMaxSize(2).map(keys -> Partition.of(keys, Partition.DEFAULT_WEIGHT))
        .list().uniqueElements().ofMinSize(min).ofMaxSize(max);
  }

  /** Distinct partitions with weights from 1 to {@code maxWeight}, skewed towards light ones. */
  static Arbitrary<List<Partition>> weightedPartitions(int min, int max, int maxWeight) {
    Arbitrary<Integer> weight = Arbitraries.integers().between(1, maxWeight).shrinkTowards(1).withDistribution(RandomDistribution.biased());
    return partitions(min, max).flatMap(list -> weight.list().ofSize(list.size())
        .map(weights -> IntStream.range(0, list.size()).mapToObj(i -> list.get(i).withWeight(weights.get(i))).collect(Collectors.toList())));
  }

  /** {@code worker-0} .. {@code worker-(n-1)}. */
  static List<String> workerIds(int n) {
    return IntStream.range(0, n).mapToObj(i -> "worker-" + i).collect(Collectors.toList());
  }

  /** {@code p-0} .. {@code p-(n-1)} with weight 1. */
  static List<Partition> partitionIds(int n) {
    return IntStream.range(0, n).mapToObj(i -> Partition.of("p-" + i)).collect(Collectors.toList());
  }

  /**
   * {@code p-0} .. {@code p-(n-1)} with weights drawn from a Pareto-like distribution (shape 1.2, capped at
   * 1,000): most partitions weigh 1 to 3, a few weigh hundreds.
   */
  static List<Partition> skewedPartitions(int n, long seed) {
    Random random = new Random(seed);
    return IntStream.range(0, n)
        .mapToObj(i -> Partition.of(List.of("p-" + i), (int) Math.min(1000, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.2)))))
        .collect(Collectors.toList());
  }

  /** A copy of the list in another order. */
  static <T> List<T> shuffled(List<T> list, Random random) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }
}
