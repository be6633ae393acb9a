package io.parti.vertx.statics.impl;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * The bytes a compact string keeps its chars in, read without copying. Since Java 9 a string whose chars
 * are all below {@code 0x100} stores one byte per char (Latin-1); for an ASCII string those bytes are
 * exactly its UTF-8 encoding, so the hash can read them where they are. This is how zero-allocation-hashing
 * reads a string for {@code hashChars}: the {@code value} field through {@code sun.misc.Unsafe}, Latin-1 when
 * the array is as long as the string (a UTF-16 array holds two bytes per char).
 * <p>
 * Where the field cannot be read (another JVM layout, a JDK that refuses), {@link #bytesOf} answers
 * {@code null} for every string and the caller encodes the chars instead: slower, same result.
 */
final class Latin1Strings {

  private static final Unsafe UNSAFE;
  private static final long VALUE_OFFSET;

  static {
    Unsafe unsafe = null;
    long offset = -1;
    try {
      Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Field value = String.class.getDeclaredField("value");
      if (value.getType() == byte[].class) {
        unsafe = (Unsafe) theUnsafe.get(null);
        offset = unsafe.objectFieldOffset(value);
        // Read one string once here, so a JDK that refuses the access refuses it now and not per key.
        if (!(unsafe.getObject("probe", offset) instanceof byte[])) {
          unsafe = null;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsafe = null;
    }
    UNSAFE = unsafe;
    VALUE_OFFSET = offset;
  }

  private Latin1Strings() {
  }

  /**
   * The Latin-1 bytes {@code s} is stored in (one per char, not to be modified), or {@code null} when it is
   * stored as UTF-16 or its storage cannot be read.
   */
  static byte[] bytesOf(String s) {
    if (UNSAFE == null) {
      return null;
    }
    byte[] value = (byte[]) UNSAFE.getObject(s, VALUE_OFFSET);
    return value.length == s.length() ? value : null;
  }
}
