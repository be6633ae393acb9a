package io.parti.vertx.statics.impl;

import net.openhft.hashing.LongHashFunction;

/**
 * XXH3-64 of the UTF-8 encoding of a string, identical to the reference {@code XXH3_64bits_withSeed}
 * over {@code key.getBytes(UTF_8)}, so Java, Go and C publishers route a key alike.
 * <p>
 * zero-allocation-hashing's {@code hashChars} hashes UTF-16 code units, which no other language
 * produces, so it is never used here. Instead, without allocating:
 * <ul>
 *   <li>a pure-ASCII key (the common case) is read in place: its chars are its UTF-8 bytes;</li>
 *   <li>any other key is encoded into a per-thread reusable buffer, exactly as
 *       {@code String.getBytes(UTF_8)} encodes it (an unpaired surrogate becomes {@code '?'}).</li>
 * </ul>
 * Thread-safe.
 */
public final class Utf8Xxh3 {

  /** Buffers up to this size are kept per thread; a longer key gets a one-off array. */
  private static final int RETAINED_BUFFER_BYTES = 4096;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256]);

  private final LongHashFunction xxh3;

  public Utf8Xxh3(long seed) {
    this.xxh3 = LongHashFunction.xx3(seed);
  }

  /** The hash of {@code key}'s UTF-8 bytes. */
  public long hash(String key) {
    int length = key.length();
    if (isAscii(key, length)) {
      return xxh3.hash(key, AsciiStringAccess.INSTANCE, 0, length);
    }
    int maxBytes = length * 3;
    byte[] buffer = BUFFER.get();
    if (buffer.length < maxBytes) {
      buffer = new byte[maxBytes];
      if (maxBytes <= RETAINED_BUFFER_BYTES) {
        BUFFER.set(buffer);
      }
    }
    return xxh3.hashBytes(buffer, 0, encodeUtf8(key, length, buffer));
  }

  /** The hash of raw bytes (already UTF-8, or any binary key). */
  public long hash(byte[] key) {
    return xxh3.hashBytes(key);
  }

  private static boolean isAscii(String s, int length) {
    int bits = 0;
    for (int i = 0; i < length; i++) {
      bits |= s.charAt(i);
    }
    return bits < 0x80;
  }

  /**
   * Encodes like {@code String.getBytes(UTF_8)} into {@code out} (at least 3 bytes per char) and
   * returns the byte count. A surrogate pair takes 4 bytes for its 2 chars, within that bound.
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
