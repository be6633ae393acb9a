package io.parti.bench;

import io.parti.bench.codec.CodecJmh;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code benchmarks/run codec [--quick]}: the assignment record's codec ({@link CodecJmh}), 10,000 and 100,000
 * partitions over 100 workers. Writes to {@code codec.json}, per size {@code P}: {@code P.encodeMs}, {@code P.decodeMs}
 * and {@code P.baselineTreeParseMs} (JMH medians of the measurement iterations), {@code P.decodeVsTreeParse} (decode ÷
 * that baseline, measured in the same run) and {@code P.bytes} (the record as stored).
 */
public final class CodecBench {

  private CodecBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    BenchResults results = new BenchResults("codec");
    Map<String, Double> medians = new HashMap<>();
    for (RunResult run : new Runner(new OptionsBuilder()
        .include(CodecJmh.class.getName())
        .forks(1)
        .jvmArgsAppend("-Xmx2g")
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 3 : 10)
        .measurementTime(TimeValue.seconds(1))
        .shouldFailOnError(true)
        .build()).run()) {
      String size = run.getParams().getParam("partitions");
      String benchmark = run.getParams().getBenchmark().substring(run.getParams().getBenchmark().lastIndexOf('.') + 1);
      double median = BenchResults.medianOfIterations(run);
      medians.put(size + "." + benchmark, median);
      results.put(size + "." + benchmark + "Ms", median);
    }
    for (int size : new int[] {10_000, 100_000}) {
      results.put(size + ".decodeVsTreeParse", medians.get(size + ".decode") / medians.get(size + ".baselineTreeParse"));
      results.put(size + ".bytes", AssignmentCodec.encode(CodecJmh.record(size)).length);
    }
    results.write();
  }
}
