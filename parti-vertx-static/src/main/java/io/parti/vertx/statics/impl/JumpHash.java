package io.parti.vertx.statics.impl;

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014):
 * maps a 64-bit key to one of {@code buckets} buckets so that growing from n to n+1 buckets moves
 * only about 1/(n+1) of the keys, all of them into the new bucket.
 */
public final class JumpHash {

  private JumpHash() {
  }

  /** The bucket in {@code [0, buckets)} of {@code key}; {@code buckets} must be positive. */
  public static int bucket(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }
}
