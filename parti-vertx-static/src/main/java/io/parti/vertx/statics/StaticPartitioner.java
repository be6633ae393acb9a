package io.parti.vertx.statics;

import io.parti.vertx.statics.impl.StaticPartitionerImpl;
import io.parti.vertx.statics.impl.Utf8Xxh3;

/**
 * Deterministic, coordination-free routing of a key to one of N partitions.
 * <p>
 * The hash is {@code XXH3_64bits_withSeed(utf8(key), seed)} of the reference xxHash library,
 * bit for bit, so a Java publisher routes a key exactly like a Go or C one using the same seed,
 * partition count and {@link RoutingMode}. {@link #partition(String)} allocates nothing for string
 * keys and is safe to call from any thread.
 */
public interface StaticPartitioner {

  /** The seed used when none is given. */
  long DEFAULT_SEED = 0;

  /** A {@link RoutingMode#MODULO} partitioner over {@code partitions} partitions. */
  static StaticPartitioner create(int partitions, long seed) {
    return new StaticPartitionerImpl(partitions, seed, RoutingMode.MODULO);
  }

  /** A partitioner over {@code partitions} partitions with the given routing mode. */
  static StaticPartitioner create(int partitions, long seed, RoutingMode mode) {
    return new StaticPartitionerImpl(partitions, seed, mode);
  }

  /** The raw 64-bit {@code xxh3_64(utf8(key), seed)}; read it as unsigned to compare with other languages. */
  static long hash(String key, long seed) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    return new Utf8Xxh3(seed).hash(key);
  }

  /** The raw 64-bit {@code xxh3_64(key, seed)} of bytes taken as they are. */
  static long hash(byte[] key, long seed) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    return new Utf8Xxh3(seed).hash(key);
  }

  /** The partition of {@code key}, in {@code [0, partitions())}. Any string is a key, the empty one included. */
  int partition(String key);

  /** The partition of a binary key, routed as its bytes are (a string key routes as its UTF-8 bytes). */
  int partition(byte[] key);

  int partitions();

  long seed();

  RoutingMode mode();
}
