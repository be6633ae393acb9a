package io.parti.vertx.statics.impl;

import io.parti.vertx.statics.RoutingMode;
import io.parti.vertx.statics.StaticPartitioner;

import java.util.Objects;

public final class StaticPartitionerImpl implements StaticPartitioner {

  private final int partitions;
  private final long seed;
  private final RoutingMode mode;
  private final Utf8Xxh3 hash;
  private final UnsignedModulo modulo;

  public StaticPartitionerImpl(int partitions, long seed, RoutingMode mode) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    this.partitions = partitions;
    this.seed = seed;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.hash = new Utf8Xxh3(seed);
    this.modulo = new UnsignedModulo(partitions);
  }

  @Override
  public int partition(String key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    return route(hash.hash(key));
  }

  @Override
  public int partition(byte[] key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    return route(hash.hash(key));
  }

  private int route(long h) {
    return mode == RoutingMode.MODULO ? modulo.remainder(h) : JumpHash.bucket(h, partitions);
  }

  @Override
  public int partitions() {
    return partitions;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public RoutingMode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "StaticPartitioner{partitions=" + partitions + ", seed=" + Long.toUnsignedString(seed) + ", mode=" + mode + "}";
  }
}
