package io.parti.vertx.statics;

import io.parti.vertx.statics.impl.JumpHash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticPartitionerTest {

  /** chi2.ppf(0.999, 63) (scipy): a statistic below this over 64 partitions means p > 0.001. */
  private static final double CHI_SQUARE_63_DF_P_0_001 = 103.442;
  private static final int KEYS = 1_000_000;

  @Test
  void moduloSpreadsRandomKeysUniformly() {
    assertThat(chiSquare(StaticPartitioner.create(64, 0), randomKeys(7))).isLessThan(CHI_SQUARE_63_DF_P_0_001);
  }

  @Test
  void moduloSpreadsSequentialKeysUniformly() {
    StaticPartitioner partitioner = StaticPartitioner.create(64, 12345);
    long[] counts = new long[64];
    for (int i = 0; i < KEYS; i++) {
      counts[partitioner.partition("order-" + i)]++;
    }
    assertThat(chiSquare(counts)).isLessThan(CHI_SQUARE_63_DF_P_0_001);
  }

  @Test
  void jumpSpreadsRandomKeysUniformly() {
    assertThat(chiSquare(StaticPartitioner.create(64, 0, RoutingMode.JUMP), randomKeys(11)))
        .isLessThan(CHI_SQUARE_63_DF_P_0_001);
  }

  @Test
  void jumpMovesOnlyAboutOneInNPlusOneKeysAndOnlyToTheNewPartition() {
    String[] keys = randomKeys(3);
    for (int n : new int[] {3, 16, 63}) {
      StaticPartitioner before = StaticPartitioner.create(n, 9, RoutingMode.JUMP);
      StaticPartitioner after = StaticPartitioner.create(n + 1, 9, RoutingMode.JUMP);
      int moved = 0;
      for (String key : keys) {
        int from = before.partition(key);
        int to = after.partition(key);
        if (from != to) {
          assertThat(to).as("a moved key goes to the new partition").isEqualTo(n);
          moved++;
        }
      }
      double expected = (double) keys.length / (n + 1);
      assertThat((double) moved).as("keys moved growing %d -> %d", n, n + 1).isBetween(expected * 0.95, expected * 1.05);
    }
  }

  @Test
  void moduloMovesMostKeysWhenNGrows() {
    // The documented reason to pick JUMP: modulo keeps only about 1/(N+1) of the keys in place.
    String[] keys = randomKeys(5);
    StaticPartitioner before = StaticPartitioner.create(16, 0);
    StaticPartitioner after = StaticPartitioner.create(17, 0);
    int stayed = 0;
    for (String key : keys) {
      stayed += before.partition(key) == after.partition(key) ? 1 : 0;
    }
    assertThat((double) stayed / keys.length).isBetween(0.04, 0.08);
  }

  /**
   * jump-vectors.tsv holds jump_consistent_hash(xxh3_64(key, seed), N) computed by the paper's C code
   * over the reference libxxhash (see xxh3/xxh3_vectors.c).
   */
  @Test
  void jumpRoutesLikeTheReferenceAlgorithm() throws IOException {
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("/xxh3/jump-vectors.tsv");
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; checked++) {
        String[] f = line.split("\t");
        StaticPartitioner p = StaticPartitioner.create(Integer.parseInt(f[2]), Long.parseUnsignedLong(f[0]), RoutingMode.JUMP);
        assertThat(p.partition(f[1])).as(line).isEqualTo(Integer.parseInt(f[3]));
      }
    }
    assertThat(checked).isEqualTo(128);
  }

  @Property(tries = 500)
  void stringKeysRouteAsTheirUtf8Bytes(@ForAll String key, @ForAll long seed) {
    // jqwik's default strings: non-ASCII chars, no surrogates (keysWithUnpairedSurrogates... covers those).
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    assertThat(StaticPartitioner.hash(key, seed)).isEqualTo(StaticPartitioner.hash(utf8, seed));
    StaticPartitioner p = StaticPartitioner.create(97, seed, RoutingMode.JUMP);
    assertThat(p.partition(key)).isEqualTo(p.partition(utf8)).isBetween(0, 96);
  }

  /** jqwik's default strings hold no surrogates: these do, paired, unpaired, reversed and at either end. */
  @Provide
  Arbitrary<String> keysWithSurrogates() {
    return Arbitraries.strings().withChars('a', 'Z', '.', '\u00e9', '\u4e2d', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00')
        .ofMinLength(0).ofMaxLength(300);
  }

  @Property(tries = 1000)
  void keysWithUnpairedSurrogatesRouteAsJavaEncodesThem(@ForAll("keysWithSurrogates") String key, @ForAll long seed) {
    // String.getBytes(UTF_8) writes an unpaired surrogate as '?': the routing must agree with it byte for byte.
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    assertThat(StaticPartitioner.hash(key, seed)).as("%s", key.chars().mapToObj(Integer::toHexString).toList())
        .isEqualTo(StaticPartitioner.hash(utf8, seed));
  }

  @Test
  void unpairedSurrogatesAtTheEdgesRouteAsJavaEncodesThem() {
    for (String key : List.of("\uD800", "\uDC00", "a\uD800", "\uDC00a", "\uDC00\uD800", "\uD83D\uDE00\uD83D", "x".repeat(20) + "\uD800")) {
      assertThat(StaticPartitioner.hash(key, 3)).as(key).isEqualTo(StaticPartitioner.hash(key.getBytes(StandardCharsets.UTF_8), 3));
    }
  }

  /** Every length up to 64 (all the ASCII scan's cases) and the XXH3 block boundaries. */
  @Test
  void asciiKeysOfEveryLengthRouteAsTheirBytes() {
    List<Integer> lengths = new ArrayList<>();
    for (int n = 0; n <= 64; n++) {
      lengths.add(n);
    }
    lengths.addAll(List.of(127, 128, 129, 239, 240, 241, 255, 256, 257, 1023, 1024, 1025, 4096));
    SplittableRandom random = new SplittableRandom(42);
    for (int length : lengths) {
      StringBuilder key = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        key.append((char) (' ' + random.nextInt(95)));
      }
      for (long seed : new long[] {0, 1, -1, random.nextLong()}) {
        assertThat(StaticPartitioner.hash(key.toString(), seed)).as("length %d seed %d", length, seed)
            .isEqualTo(StaticPartitioner.hash(key.toString().getBytes(StandardCharsets.US_ASCII), seed));
      }
    }
  }

  @Test
  void longNonAsciiKeysRouteAsTheirUtf8Bytes() {
    String key = "ключ-🎉-".repeat(2000);
    assertThat(StaticPartitioner.hash(key, 1)).isEqualTo(StaticPartitioner.hash(key.getBytes(StandardCharsets.UTF_8), 1));
  }

  @Test
  void jumpHashStaysInRangeForEveryHashValue() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      int buckets = 1 + random.nextInt(Integer.MAX_VALUE);
      assertThat(JumpHash.bucket(random.nextLong(), buckets)).isBetween(0, buckets - 1);
    }
    assertThat(JumpHash.bucket(-1L, 1)).isZero();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> StaticPartitioner.create(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be >= 1, was 0");
    assertThatThrownBy(() -> StaticPartitioner.create(-3, 0, RoutingMode.JUMP)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be >= 1, was -3");
    assertThatThrownBy(() -> StaticPartitioner.create(4, 0, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
    assertThatThrownBy(() -> StaticPartitioner.create(4, 0).partition((String) null))
        .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
  }

  @Test
  void describesItself() {
    StaticPartitioner p = StaticPartitioner.create(8, -1, RoutingMode.JUMP);
    assertThat(p.partitions()).isEqualTo(8);
    assertThat(p.seed()).isEqualTo(-1);
    assertThat(p.mode()).isEqualTo(RoutingMode.JUMP);
    assertThat(p).hasToString("StaticPartitioner{partitions=8, seed=18446744073709551615, mode=JUMP}");
  }

  /** Distinct (with overwhelming probability) printable keys of 8 to 32 chars: duplicates would clump. */
  private static String[] randomKeys(long rngSeed) {
    SplittableRandom random = new SplittableRandom(rngSeed);
    String[] keys = new String[KEYS];
    char[] chars = new char[32];
    for (int i = 0; i < KEYS; i++) {
      int length = 8 + random.nextInt(chars.length - 7);
      for (int c = 0; c < length; c++) {
        chars[c] = (char) ('!' + random.nextInt(94));
      }
      keys[i] = new String(chars, 0, length);
    }
    return keys;
  }

  private static double chiSquare(StaticPartitioner partitioner, String[] keys) {
    long[] counts = new long[partitioner.partitions()];
    for (String key : keys) {
      counts[partitioner.partition(key)]++;
    }
    return chiSquare(counts);
  }

  private static double chiSquare(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double expected = (double) total / counts.length;
    double sum = 0;
    for (long c : counts) {
      sum += (c - expected) * (c - expected) / expected;
    }
    return sum;
  }
}
