package io.parti.vertx.statics.impl;

import net.openhft.hashing.Access;

import java.nio.ByteOrder;

/**
 * Reads a pure-ASCII string as its UTF-8 bytes (for ASCII, byte {@code i} is char {@code i}), so the
 * hash function can consume the string in place, without encoding it into a {@code byte[]}.
 * <p>
 * Only valid for strings whose chars are all below {@code 0x80}; {@link Utf8Xxh3} checks that first.
 */
final class AsciiStringAccess extends Access<String> {

  static final AsciiStringAccess INSTANCE = new AsciiStringAccess();

  private AsciiStringAccess() {
  }

  @Override
  public long getLong(String input, long offset) {
    int i = (int) offset;
    return (long) getInt(input, i) & 0xFFFF_FFFFL | (long) getInt(input, i + 4) << 32;
  }

  @Override
  public long getUnsignedInt(String input, long offset) {
    return getInt(input, offset) & 0xFFFF_FFFFL;
  }

  @Override
  public int getInt(String input, long offset) {
    int i = (int) offset;
    return input.charAt(i) | input.charAt(i + 1) << 8 | input.charAt(i + 2) << 16 | input.charAt(i + 3) << 24;
  }

  @Override
  public int getUnsignedShort(String input, long offset) {
    int i = (int) offset;
    return input.charAt(i) | input.charAt(i + 1) << 8;
  }

  @Override
  public int getShort(String input, long offset) {
    return (short) getUnsignedShort(input, offset);
  }

  @Override
  public int getUnsignedByte(String input, long offset) {
    return input.charAt((int) offset);
  }

  @Override
  public int getByte(String input, long offset) {
    return (byte) input.charAt((int) offset);
  }

  @Override
  public ByteOrder byteOrder(String input) {
    return ByteOrder.LITTLE_ENDIAN;
  }

  @Override
  protected Access<String> reverseAccess() {
    // XXH3 reads little-endian, which is this access' own order, so it never asks for the reverse.
    throw new UnsupportedOperationException("AsciiStringAccess is little-endian only");
  }
}
