package io.parti.vertx.statics.impl;

import net.openhft.hashing.LongHashFunction;

/**
 * XXH3-64 of the UTF-8 encoding of a string, identical to the reference {@code XXH3_64bits_withSeed}
 * over {@code key.getBytes(UTF_8)}, so Java, Go and C publishers route a key alike.
 * <p>
 * zero-allocation-hashing's {@code hashChars} hashes UTF-16 code units, which no other language
 * produces, so it is never used here. Without allocating:
 * <ul>
 *   <li>an ASCII key of up to 16 chars is read in place through {@link AsciiStringAccess};</li>
 *   <li>a longer ASCII key is copied into a per-thread scratch array (for a Latin-1 string, an array
 *       copy of its bytes) and the array is hashed: faster than reading chars through an
 *       {@code Access} once the key is longer than one XXH3 short-input block;</li>
 *   <li>any other key is encoded into the scratch array exactly as {@code String.getBytes(UTF_8)}
 *       encodes it (an unpaired surrogate becomes {@code '?'}).</li>
 * </ul>
 * The split was measured with {@code benchmarks/run routing}. Thread-safe.
 */
public final class Utf8Xxh3 {

  private static final int IN_PLACE_MAX_CHARS = 16;
  /** Scratch arrays up to this size are kept per thread; a longer key gets a one-off array. */
  private static final int RETAINED_SCRATCH_BYTES = 4096;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[768]);

  private final LongHashFunction xxh3;

  public Utf8Xxh3(long seed) {
    this.xxh3 = LongHashFunction.xx3(seed);
  }

  /** The hash of {@code key}'s UTF-8 bytes. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, exact for ASCII
  public long hash(String key) {
    int length = key.length();
    boolean ascii = isAscii(key, length);
    if (ascii && length <= IN_PLACE_MAX_CHARS) {
      return xxh3.hash(key, AsciiStringAccess.INSTANCE, 0, length);
    }
    byte[] scratch = scratch(ascii ? length : length * 3);
    if (ascii) {
      key.getBytes(0, length, scratch, 0);
      return xxh3.hashBytes(scratch, 0, length);
    }
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

  private static boolean isAscii(String s, int length) {
    int bits = 0;
    for (int i = 0; i < length; i++) {
      bits |= s.charAt(i);
    }
    return bits < 0x80;
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
