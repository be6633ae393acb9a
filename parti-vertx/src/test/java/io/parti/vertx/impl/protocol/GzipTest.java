package io.parti.vertx.impl.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipTest {

  @Test
  void aValueUpToTheThresholdStaysAsItIs() {
    byte[] small = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    assertThat(Gzip.compressAbove(small, small.length)).isSameAs(small);
  }

  @Test
  void aValueAboveTheThresholdIsCompressedAtTheFastestLevel() {
    byte[] json = json(AssignmentCodecTest.record(10_000, 20, 5));

    byte[] compressed = Gzip.compressAbove(json, 1024);

    assertThat(Gzip.decompressIfGzip(compressed, "value")).isEqualTo(json);
    assertThat(deflatedLength(compressed)).isEqualTo(deflatedLength(json, Deflater.BEST_SPEED));
  }

  @Test
  void aValueThatStaysLargeIsCompressedAgainHarder() {
    byte[] json = json(AssignmentCodecTest.record(100_000, 100, 42));
    assertThat(deflatedLength(json, Deflater.BEST_SPEED)).as("the fast level leaves more than the bound")
        .isGreaterThan(Gzip.COMPRESS_HARDER_ABOVE);

    byte[] compressed = Gzip.compressAbove(json, 1024);

    assertThat(Gzip.decompressIfGzip(compressed, "value")).isEqualTo(json);
    assertThat(deflatedLength(compressed)).isEqualTo(deflatedLength(json, Deflater.DEFAULT_COMPRESSION))
        .isLessThan(deflatedLength(json, Deflater.BEST_SPEED));
  }

  private static byte[] json(AssignmentRecord record) {
    return Gzip.decompressIfGzip(AssignmentCodec.encode(record), "record");
  }

  /** The length of a gzip member's deflate stream: its size less the 10-byte header and 8-byte trailer. */
  private static int deflatedLength(byte[] gzip) {
    return gzip.length - 18;
  }

  private static int deflatedLength(byte[] bytes, int level) {
    Deflater deflater = new Deflater(level, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, 64 * 1024)) {
      deflating.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      deflater.end();
    }
    return out.size();
  }
}
