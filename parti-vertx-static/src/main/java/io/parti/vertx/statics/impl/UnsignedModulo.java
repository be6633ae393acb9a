package io.parti.vertx.statics.impl;

/**
 * {@code Long.remainderUnsigned(h, n)} for a fixed {@code n} in {@code [1, 2^31)}, without a division
 * (Barrett reduction). A 64-bit division costs tens of cycles, as much as hashing a short key, so the
 * divisor's inverse {@code floor((2^64 - 1) / n)} is computed once and each remainder takes a 128-bit
 * multiplication and at most one correcting subtraction.
 * <p>
 * Why one is enough: with {@code m = floor((2^64 - 1) / n)}, {@code h/n - h*m/2^64 <= h/2^64 < 1}, so the
 * estimated quotient {@code floor(h*m/2^64)} is the true one or one less, and {@code h - q*n < 2n}.
 */
final class UnsignedModulo {

  private final long divisor;
  private final long inverse;

  UnsignedModulo(int divisor) {
    if (divisor < 1) {
      throw new IllegalArgumentException("divisor must be >= 1, was " + divisor);
    }
    this.divisor = divisor;
    this.inverse = Long.divideUnsigned(-1L, divisor);
  }

  /** {@code h mod n}, {@code h} read as unsigned. */
  int remainder(long h) {
    long r = h - unsignedMultiplyHigh(h, inverse) * divisor;
    return (int) (r >= divisor ? r - divisor : r);
  }

  /** The high 64 bits of the unsigned 128-bit product (Java 18's {@code Math.unsignedMultiplyHigh}). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + (a >> 63 & b) + (b >> 63 & a);
  }
}
