package io.parti.bench.codec;

import io.parti.bench.strategy.Workloads;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Gzip;
import io.parti.vertx.impl.protocol.Slot;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The assignment record's codec: the leader encodes the record on every commit, every worker decodes it. A record of
 * {@code partitions} over 100 workers ({@link #record}), as hard to compress as production gives it: hashed owners,
 * epochs spread over many versions. {@code baselineTreeParse} parses the same JSON into Vert.x's {@code JsonObject}
 * tree and builds nothing from it: the first half of what decoding cost before it streamed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecJmh {

  @Param({"10000", "100000"})
  public int partitions;

  private AssignmentRecord record;
  private byte[] encoded;
  private byte[] json;

  @Setup
  public void setUp() {
    record = record(partitions);
    encoded = AssignmentCodec.encode(record);
    json = Gzip.decompressIfGzip(encoded, "record");
  }

  /**
   * A record of {@code partitions} (skewed weights) placed over 100 workers by {@code consistentHash()}, each granted at
   * a random one of the last 100,000 versions, one in 50 being released instead.
   */
  public static AssignmentRecord record(int partitions) {
    List<String> workers = Workloads.workers(100);
    Map<Partition, String> owners = AssignmentStrategy.consistentHash().assign(workers, Workloads.skewedWeights(partitions), Map.of());
    Random random = new Random(partitions);
    long version = 200_000;
    TreeMap<String, Slot> slots = new TreeMap<>();
    owners.forEach((partition, owner) -> {
      long epoch = version - random.nextInt(100_000);
      slots.put(partition.id(), random.nextInt(50) == 0
          ? Slot.releasing(owner, epoch, version - random.nextInt(10), partition.weight())
          : Slot.owned(owner, epoch, partition.weight()));
    });
    return new AssignmentRecord(version, 7, workers.get(0), workers, slots);
  }

  @Benchmark
  public byte[] encode() {
    return AssignmentCodec.encode(record);
  }

  @Benchmark
  public AssignmentRecord decode() {
    return AssignmentCodec.decode(encoded);
  }

  @Benchmark
  public JsonObject baselineTreeParse() {
    return new JsonObject(Buffer.buffer(Gzip.decompressIfGzip(encoded, "record")));
  }
}
