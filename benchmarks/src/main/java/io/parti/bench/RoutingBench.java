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
 * {@code partitionNsNonAscii32}, {@code rawXxh3Ns32} (the bare hash of a 32-byte array, same run: the baseline),
 * {@code asciiViaBufferNs32} (the rejected strategy), {@code subjectNs} (routing plus building the publish subject),
 * {@code allocBytesPerOp} (JMH gc.alloc.rate.norm of {@code partition} for 32-byte keys) and
 * {@code partitionOverRawRatio32}.
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
    double partition32 = score(byName, "partition32");
    double raw32 = score(byName, "rawXxh3Bytes32");
    new BenchResults("routing")
        .put("partitionNs8", score(byName, "partition8"))
        .put("partitionNs32", partition32)
        .put("partitionNs256", score(byName, "partition256"))
        .put("partitionNsNonAscii32", score(byName, "partitionNonAscii32"))
        .put("rawXxh3Ns32", raw32)
        .put("asciiViaBufferNs32", score(byName, "asciiViaBuffer32"))
        .put("subjectNs", score(byName, "subject"))
        .put("allocBytesPerOp", allocNorm(byName.get("partition32")))
        .put("allocBytesPerOpNonAscii32", allocNorm(byName.get("partitionNonAscii32")))
        .put("partitionOverRawRatio32", partition32 / raw32)
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
