package io.parti.bench;

import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one benchmark run, written as one JSON object of named numbers (and, where a benchmark says so,
 * named objects of numbers) to {@code <parti.bench.results>/<name>.json} (default {@code benchmarks/target/results}).
 */
public final class BenchResults {

  private final String name;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  public BenchResults(String name) {
    this.name = name;
  }

  /** Whether {@code --quick} was given. */
  public static boolean quick(String[] args) {
    return Arrays.asList(args).contains("--quick");
  }

  public BenchResults put(String figure, double value) {
    figures.put(figure, checked(figure, value));
    return this;
  }

  /** A figure that is an object of named numbers. */
  public BenchResults put(String figure, Map<String, ? extends Number> values) {
    Map<String, Double> object = new LinkedHashMap<>();
    values.forEach((name, value) -> object.put(name, checked(figure + "." + name, value.doubleValue())));
    figures.put(figure, object);
    return this;
  }

  private static double checked(String figure, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("figure " + figure + " is not a number: " + value);
    }
    return value;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** The median of the samples (the mean of the middle two for an even count). */
  public static double median(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The median of a JMH run's measurement iterations: its score is their mean, which one slow iteration moves. */
  public static double medianOfIterations(RunResult run) {
    return median(run.getBenchmarkResults().stream()
        .flatMap(result -> result.getIterationResults().stream())
        .mapToDouble(iteration -> iteration.getPrimaryResult().getScore()).toArray());
  }

  /** The nearest-rank percentile {@code p} (0..100) of the samples. */
  public static double percentile(double[] samples, double p) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Writes the JSON file and prints it; returns its path. */
  public Path write() throws IOException {
    StringBuilder json = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      json.append("  \"").append(e.getKey()).append("\": ");
      if (e.getValue() instanceof Map) {
        @SuppressWarnings("unchecked") Map<String, Double> object = (Map<String, Double>) e.getValue();
        json.append("{");
        int j = 0;
        for (Map.Entry<String, Double> f : object.entrySet()) {
          json.append(j++ > 0 ? ", " : "").append('"').append(f.getKey()).append("\": ").append(number(f.getValue()));
        }
        json.append("}");
      } else {
        json.append(number((Double) e.getValue()));
      }
      json.append(++i < figures.size() ? ",\n" : "\n");
    }
    json.append("}\n");
    Path dir = Path.of(System.getProperty("parti.bench.results", "benchmarks/target/results"));
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    System.out.print(json);
    System.out.println("wrote " + file);
    return file;
  }
}
