package io.parti.vertx.impl.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Optional gzip for stored values: writers compress above a size, readers recognise gzip by its magic
 * bytes, so a value may come compressed or not.
 */
public final class Gzip {

  /** The most a compressed value may expand to: a bound against decompression bombs. */
  public static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;

  private Gzip() {
  }

  /**
   * Above this many compressed bytes a value is compressed again, harder: the fastest level takes about a sixth of the
   * time of the default one and gives 14 to 16 % more bytes, which matters only near NATS' 1 MiB payload limit.
   */
  static final int COMPRESS_HARDER_ABOVE = 512 * 1024;

  /**
   * The bytes as they are, or gzip-compressed when longer than {@code threshold}: at the fastest level, or at the
   * default one when that leaves more than {@link #COMPRESS_HARDER_ABOVE} bytes.
   */
  public static byte[] compressAbove(byte[] bytes, int threshold) {
    if (bytes.length <= threshold) {
      return bytes;
    }
    byte[] fast = compress(bytes, Deflater.BEST_SPEED);
    return fast.length > COMPRESS_HARDER_ABOVE ? compress(bytes, Deflater.DEFAULT_COMPRESSION) : fast;
  }

  private static byte[] compress(byte[] bytes, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
    try (GZIPOutputStream gz = new LeveledGzip(out, level)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The bytes decompressed when they are gzip, else as they are.
   *
   * @throws IllegalArgumentException when they claim to be gzip but are not, or expand past the bound
   */
  public static byte[] decompressIfGzip(byte[] bytes, String what) {
    if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
      return bytes;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes(MAX_DECOMPRESSED + 1);
      if (out.length > MAX_DECOMPRESSED) {
        throw new IllegalArgumentException(what + " is larger than " + MAX_DECOMPRESSED + " bytes uncompressed");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid gzip: " + e.getMessage(), e);
    }
  }

  /** A gzip stream at a chosen level: {@link GZIPOutputStream} has no constructor for one, but lets a subclass set it. */
  private static final class LeveledGzip extends GZIPOutputStream {

    LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }
  }
}
