package io.parti.bench;

import io.parti.bench.statics.RoutingJmh;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code benchmarks/run routing [--quick]}: JMH over {@link RoutingJmh}, written to routing.json as
 * {@code partitionNs8/32/256} (ns per {@code StaticPartitioner.partition} of ASCII keys of those byte lengths),
 * {@code rawXxh3Ns8/32/256} (the bare hash of byte arrays of those lengths, same run: the baseline),
 * {@code partitionOverRawRatio8/32/256} (the goal: at most 1.5, plus 5 ns), {@code partitionNsNonAscii32}, {@code asciiViaBufferNs32} (copying the chars out first, the rejected
 * strategy), {@code subjectNs} (routing plus building the publish subject) and {@code allocBytesPerOp} (JMH
 * gc.alloc.rate.norm of {@code partition} for 32-byte keys).
 */
public final class RoutingBench {

  private RoutingBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(RoutingJmh.class.getName() + "\\.")
        .forks(1)
        .addProfiler(GCProfiler.class)
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .measurementIterations(quick ? 3 : 6)
        .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000));
    Collection<RunResult> runs = new Runner(options.build()).run();
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult run : runs) {
      String benchmark = run.getParams().getBenchmark();
      byName.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), run);
    }
    BenchResults results = new BenchResults("routing");
    for (int length : new int[] {8, 32, 256}) {
      double partition = score(byName, "partition" + length);
      double raw = score(byName, "rawXxh3Bytes" + length);
      results.put("partitionNs" + length, partition)
          .put("rawXxh3Ns" + length, raw)
          .put("partitionOverRawRatio" + length, partition / raw);
    }
    results.put("partitionNsNonAscii32", score(byName, "partitionNonAscii32"))
        .put("asciiViaBufferNs32", score(byName, "asciiViaBuffer32"))
        .put("subjectNs", score(byName, "subject"))
        .put("allocBytesPerOp", allocNorm(byName.get("partition32")))
        .put("allocBytesPerOpNonAscii32", allocNorm(byName.get("partitionNonAscii32")))
        .write();
  }

  private static double score(Map<String, RunResult> runs, String benchmark) {
    RunResult run = runs.get(benchmark);
    if (run == null) {
      throw new IllegalStateException("JMH produced no result for " + benchmark + " (have " + runs.keySet() + ")");
    }
    return run.getPrimaryResult().getScore();
  }

  /** JMH's normalised allocation (bytes per operation); the key is spelled with or without a leading '·'. */
  private static double allocNorm(RunResult run) {
    Map<String, Result> secondary = run.getSecondaryResults();
    Result norm = secondary.get("gc.alloc.rate.norm");
    if (norm == null) {
      norm = secondary.get("·gc.alloc.rate.norm");
    }
    if (norm == null) {
      throw new IllegalStateException("no gc.alloc.rate.norm among " + secondary.keySet());
    }
    return norm.getScore();
  }
}
