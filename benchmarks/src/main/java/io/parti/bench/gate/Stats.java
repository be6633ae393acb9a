package io.parti.bench.gate;

import io.parti.bench.BenchResults;

import java.util.Arrays;
import java.util.List;

/** Rounding of the figures, and summaries of samples collected as lists. */
public final class Stats {

  private Stats() {
  }

  public static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double median(List<Double> values) {
    return BenchResults.median(doubles(values));
  }

  /** The samples sorted and rounded to 0.1, for the console. */
  static String sortedRound1(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return Arrays.toString(Arrays.stream(sorted).map(Stats::round1).toArray());
  }
}
