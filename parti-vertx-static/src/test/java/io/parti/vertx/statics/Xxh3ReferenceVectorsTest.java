package io.parti.vertx.statics;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Cross-language identity: {@link StaticPartitioner#hash} must equal the reference XXH3-64.
 * <p>
 * The expected values in {@code xxh3/xxh3-vectors.tsv} were computed by the reference implementation,
 * not by this code: {@code xxh3/xxh3_vectors.c} (beside the vectors) calls {@code XXH3_64bits_withSeed}
 * from Debian's libxxhash 0.8.1 ({@code apt-get install -y libxxhash-dev xxhash};
 * {@code gcc -O2 -o /tmp/xxh3_vectors xxh3_vectors.c -lxxhash; /tmp/xxh3_vectors > xxh3-vectors.tsv}),
 * and every seed-0 row was checked against the reference command line tool
 * ({@code printf KEY | xxhsum -H3}). The keys cover every XXH3 length class (0, 1-3, 4-8, 9-16,
 * 17-128, 129-240, over 240 bytes and over one 1024-byte block), non-ASCII keys (2-, 3- and 4-byte
 * UTF-8, surrogate pairs in Java) and five seeds including 0 and 2^64-1.
 */
class Xxh3ReferenceVectorsTest {

  record Vector(long seed, long hash, byte[] utf8, String description) {
  }

  static List<Vector> vectors() throws IOException {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = Xxh3ReferenceVectorsTest.class.getResourceAsStream("/xxh3/xxh3-vectors.tsv");
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        String[] f = line.split("\t");
        byte[] key = f[2].equals("-") ? new byte[0] : HexFormat.of().parseHex(f[2]);
        assertThat(key).as("byte length column of %s", line).hasSize(Integer.parseInt(f[3]));
        vectors.add(new Vector(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1], 16), key, f[4]));
      }
    }
    return vectors;
  }

  @Test
  void stringKeysHashLikeTheReferenceImplementation() throws IOException {
    List<Vector> vectors = vectors();
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(100);
    assertThat(vectors).anyMatch(v -> v.utf8().length > 240 && !isAscii(v.utf8()));
    assertSoftly(soft -> {
      for (Vector v : vectors) {
        String key = new String(v.utf8(), StandardCharsets.UTF_8);
        soft.assertThat(Long.toHexString(StaticPartitioner.hash(key, v.seed())))
            .as("%s, seed %s", v.description(), Long.toUnsignedString(v.seed()))
            .isEqualTo(Long.toHexString(v.hash()));
      }
    });
  }

  @Test
  void byteKeysHashLikeTheReferenceImplementation() throws IOException {
    List<Vector> vectors = vectors();
    assertSoftly(soft -> {
      for (Vector v : vectors) {
        soft.assertThat(StaticPartitioner.hash(v.utf8(), v.seed()))
            .as("%s, seed %s", v.description(), Long.toUnsignedString(v.seed()))
            .isEqualTo(v.hash());
      }
    });
  }

  @Test
  void moduloPartitionIsTheUnsignedRemainderOfTheReferenceHash() throws IOException {
    for (Vector v : vectors()) {
      String key = new String(v.utf8(), StandardCharsets.UTF_8);
      for (int n : new int[] {1, 3, 64, 1000, Integer.MAX_VALUE}) {
        long expected = Long.remainderUnsigned(v.hash(), n);
        assertThat(StaticPartitioner.create(n, v.seed()).partition(key)).as("%s over %d", v.description(), n)
            .isEqualTo((int) expected);
      }
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
