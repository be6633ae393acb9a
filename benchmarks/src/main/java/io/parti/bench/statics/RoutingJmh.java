package io.parti.bench.statics;

import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.SubjectPattern;
import net.openhft.hashing.LongHashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of routing one key: {@code StaticPartitioner.partition} for ASCII keys of 8, 32 and 256 bytes and a
 * non-ASCII key of 32 UTF-8 bytes, against the bare XXH3 of byte arrays of the same lengths (the floor), the alternative
 * ASCII strategy (copying the chars into a per-thread buffer, then hashing the array), and building a publish
 * subject. Each call takes the next of {@value #KEYS} distinct keys so nothing is constant-folded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingJmh {

  static final int KEYS = 1024;
  private static final long SEED = 42;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[512]);

  private final StaticPartitioner partitioner = StaticPartitioner.create(64, SEED);
  private final SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 64);
  private final LongHashFunction xxh3 = LongHashFunction.xx3(SEED);
  private String[] keys8;
  private String[] keys32;
  private String[] keys256;
  private String[] nonAscii32;
  private byte[][] bytes8;
  private byte[][] bytes32;
  private byte[][] bytes256;
  private int i;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    keys8 = asciiKeys(random, 8);
    keys32 = asciiKeys(random, 32);
    keys256 = asciiKeys(random, 256);
    nonAscii32 = new String[KEYS];
    bytes8 = utf8(keys8);
    bytes32 = utf8(keys32);
    bytes256 = utf8(keys256);
    for (int k = 0; k < KEYS; k++) {
      // 8 x "é" (2 bytes) + 16 ASCII chars = 32 UTF-8 bytes.
      nonAscii32[k] = "éééééééé" + keys32[k].substring(0, 16);
    }
  }

  private static String[] asciiKeys(SplittableRandom random, int length) {
    String[] keys = new String[KEYS];
    char[] chars = new char[length];
    for (int k = 0; k < KEYS; k++) {
      for (int c = 0; c < length; c++) {
        chars[c] = (char) ('a' + random.nextInt(26));
      }
      keys[k] = new String(chars);
    }
    return keys;
  }

  private static byte[][] utf8(String[] keys) {
    byte[][] bytes = new byte[keys.length][];
    for (int k = 0; k < keys.length; k++) {
      bytes[k] = keys[k].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private int next() {
    return i = (i + 1) & (KEYS - 1);
  }

  @Benchmark
  public int partition8() {
    return partitioner.partition(keys8[next()]);
  }

  @Benchmark
  public int partition32() {
    return partitioner.partition(keys32[next()]);
  }

  @Benchmark
  public int partition256() {
    return partitioner.partition(keys256[next()]);
  }

  @Benchmark
  public int partitionNonAscii32() {
    return partitioner.partition(nonAscii32[next()]);
  }

  @Benchmark
  public long rawXxh3Bytes8() {
    return xxh3.hashBytes(bytes8[next()]);
  }

  @Benchmark
  public long rawXxh3Bytes32() {
    return xxh3.hashBytes(bytes32[next()]);
  }

  @Benchmark
  public long rawXxh3Bytes256() {
    return xxh3.hashBytes(bytes256[next()]);
  }

  /** The other way to hash an ASCII key without allocating: copy its chars into a reused array first. */
  @Benchmark
  @SuppressWarnings("deprecation")
  public long asciiViaBuffer32() {
    String key = keys32[next()];
    byte[] buffer = BUFFER.get();
    key.getBytes(0, key.length(), buffer, 0);
    return xxh3.hashBytes(buffer, 0, key.length());
  }

  @Benchmark
  public String subject() {
    String key = keys32[next()];
    return pattern.publishSubject(partitioner.partition(key), key);
  }
}
