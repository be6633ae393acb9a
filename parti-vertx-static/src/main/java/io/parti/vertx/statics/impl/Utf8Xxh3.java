package io.parti.vertx.statics.impl;

import net.openhft.hashing.LongHashFunction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH3-64 of the UTF-8 encoding of a string, identical to the reference {@code XXH3_64bits_withSeed}
 * over {@code key.getBytes(UTF_8)}, so Java, Go and C publishers route a key alike.
 * <p>
 * zero-allocation-hashing's {@code hashChars} hashes UTF-16 code units, which no other language
 * produces, so it is never used here. Without allocating:
 * <ul>
 *   <li>an ASCII key stored as Latin-1 (every ASCII string, unless compact strings are off) is hashed
 *       where it lies: its storage bytes are its UTF-8 bytes ({@link Latin1Strings}), checked eight at a time
 *       for a byte over {@code 0x7F};</li>
 *   <li>any other key is encoded into a per-thread scratch array exactly as {@code String.getBytes(UTF_8)}
 *       encodes it (an unpaired surrogate becomes {@code '?'}) and the array is hashed.</li>
 * </ul>
 * {@code benchmarks/run routing} measures both against the bare hash. Thread-safe.
 */
public final class Utf8Xxh3 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
  /** Scratch arrays up to this size are kept per thread; a longer key gets a one-off array. */
  private static final int RETAINED_SCRATCH_BYTES = 4096;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[768]);

  private final LongHashFunction xxh3;

  public Utf8Xxh3(long seed) {
    this.xxh3 = LongHashFunction.xx3(seed);
  }

  /** The hash of {@code key}'s UTF-8 bytes. */
  public long hash(String key) {
    byte[] latin1 = Latin1Strings.bytesOf(key);
    if (latin1 != null && isAscii(latin1)) {
      return xxh3.hashBytes(latin1);
    }
    return hashEncoded(key);
  }

  /** The hash of {@code key} encoded into the scratch array: any key, the only way when its storage is unreadable. */
  private long hashEncoded(String key) {
    int length = key.length();
    byte[] scratch = scratch(length * 3);
    return xxh3.hashBytes(scratch, 0, encodeUtf8(key, length, scratch));
  }

  /** The hash of raw bytes (already UTF-8, or any binary key). */
  public long hash(byte[] key) {
    return xxh3.hashBytes(key);
  }

  private static byte[] scratch(int size) {
    byte[] scratch = SCRATCH.get();
    if (scratch.length < size) {
      scratch = new byte[size];
      if (size <= RETAINED_SCRATCH_BYTES) {
        SCRATCH.set(scratch);
      }
    }
    return scratch;
  }

  /**
   * No byte has its high bit set: Latin-1 bytes under {@code 0x80} are ASCII, their own UTF-8 encoding.
   * Eight bytes per read; the first and last reads overlap instead of ending in a byte loop, and keys of
   * up to 32 bytes take no loop at all (a loop's set-up cost as much as the reads at these lengths).
   */
  static boolean isAscii(byte[] bytes) {
    int length = bytes.length;
    if (length < Long.BYTES) {
      int bits = 0;
      for (byte b : bytes) {
        bits |= b; // sign-extended: a byte over 0x7F makes it negative
      }
      return bits >= 0;
    }
    long bits = (long) LONGS.get(bytes, 0) | (long) LONGS.get(bytes, length - Long.BYTES);
    if (length > 2 * Long.BYTES) {
      bits |= (long) LONGS.get(bytes, Long.BYTES) | (long) LONGS.get(bytes, length - 2 * Long.BYTES);
      for (int i = 2 * Long.BYTES; i < length - 2 * Long.BYTES; i += Long.BYTES) {
        bits |= (long) LONGS.get(bytes, i);
      }
    }
    return (bits & HIGH_BITS) == 0;
  }

  /**
   * Encodes like {@code String.getBytes(UTF_8)} into {@code out} (at least 3 bytes per char) and returns
   * the byte count. A surrogate pair takes 4 bytes for its 2 chars, within that bound.
   */
  static int encodeUtf8(String s, int length, byte[] out) {
    int n = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | c >> 6);
        out[n++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[n++] = (byte) (0xF0 | cp >> 18);
        out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | cp & 0x3F);
      } else if (Character.isSurrogate(c)) {
        out[n++] = '?';
      } else {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
      }
    }
    return n;
  }
}
