package io.parti.vertx.impl.strategy;

import net.openhft.hashing.LongHashFunction;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A consistent-hash ring: every worker owns {@code virtualNodes} points, and a position belongs to the first
 * point at or after it, wrapping around.
 * <p>
 * Positions are xxh3 hashes of UTF-8 bytes, so a ring is the same on every JVM. The point of virtual node
 * {@code i} of worker {@code w} is {@code xxh3(i as a little-endian long, seed = xxh3(utf8(w), seed))}.
 * Each point is stored as one {@code long}: the top {@value #POSITION_BITS} bits of its position and the
 * index of its worker in the sorted worker array below them. Sorting plain longs keeps building a
 * 100 × 150 ring well under a millisecond, and two points at the same truncated position are ordered by
 * worker id, which does not change when other workers join or leave. A table indexed by the top bits of a
 * position gives the first point of each range, so a lookup scans about two points instead of a binary
 * search through the whole ring.
 */
public final class HashRing {

  /** The largest number of workers a ring can hold (the worker index lives in the low bits of a point). */
  public static final int MAX_WORKERS = 1 << 20;

  private static final int OWNER_BITS = 20;
  private static final int POSITION_BITS = 64 - OWNER_BITS;
  private static final long OWNER_MASK = (1L << OWNER_BITS) - 1;

  private final long[] points;
  private final int bucketBits;
  /** {@code bucketStart[b]} is the index of the first point in bucket {@code b} or after it; one extra entry. */
  private final int[] bucketStart;

  /**
   * @param sortedWorkers the worker ids, sorted (see {@link StrategyInputs#sortedWorkers}); at most
   *                      {@link #MAX_WORKERS}
   */
  public HashRing(String[] sortedWorkers, int virtualNodes, long seed) {
    if (sortedWorkers.length > MAX_WORKERS) {
      throw new IllegalArgumentException("a hash ring holds at most " + MAX_WORKERS + " workers, got " + sortedWorkers.length);
    }
    LongHashFunction hash = LongHashFunction.xx3(seed);
    points = new long[sortedWorkers.length * virtualNodes];
    int n = 0;
    for (int w = 0; w < sortedWorkers.length; w++) {
      LongHashFunction workerHash = LongHashFunction.xx3(hash(hash, sortedWorkers[w]));
      for (int i = 0; i < virtualNodes; i++) {
        points[n++] = (workerHash.hashLong(i) & ~OWNER_MASK) | w;
      }
    }
    Arrays.sort(points);
    bucketBits = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(1, points.length)));
    bucketStart = new int[(1 << bucketBits) + 1];
    int next = 0;
    for (int b = 0; b < bucketStart.length; b++) {
      while (next < points.length && bucket(points[next]) < b) {
        next++;
      }
      bucketStart[b] = next;
    }
  }

  /** The bucket of a position: its top bits, shifted so that signed order maps to increasing buckets. */
  private int bucket(long position) {
    return (int) (position >> (64 - bucketBits)) + (1 << (bucketBits - 1));
  }

  /** The xxh3 hash of the UTF-8 bytes of {@code id}: the ring position of a partition id. */
  public static long hash(LongHashFunction hash, String id) {
    return hash.hashBytes(id.getBytes(StandardCharsets.UTF_8));
  }

  /** The number of points on the ring. */
  public int size() {
    return points.length;
  }

  /** The index of the first point at or after {@code position}, wrapping to 0. */
  public int firstPointAt(long position) {
    long key = position & ~OWNER_MASK;
    int b = bucket(key);
    int index = bucketStart[b];
    int end = bucketStart[b + 1];
    while (index < end && points[index] < key) {
      index++;
    }
    return index == points.length ? 0 : index;
  }

  /** The worker index of the point at {@code pointIndex}. */
  public int ownerOfPoint(int pointIndex) {
    return (int) (points[pointIndex] & OWNER_MASK);
  }

  /** The worker index that owns {@code position}. */
  public int owner(long position) {
    return ownerOfPoint(firstPointAt(position));
  }
}
