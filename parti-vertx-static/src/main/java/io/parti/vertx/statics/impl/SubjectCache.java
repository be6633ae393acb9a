package io.parti.vertx.statics.impl;

/**
 * A small direct-mapped cache of key to publish subject, so that a key published again skips hashing,
 * key checks and string concatenation. Bounded (one entry per slot, a new key replaces the old one) and
 * safe without locks: entries are immutable, and a racing reader sees either an old entry or a whole new one.
 */
final class SubjectCache {

  private record Entry(String key, String subject) {
  }

  private final Entry[] entries;
  private final int mask;

  /** {@code size} is rounded up to a power of two. */
  SubjectCache(int size) {
    int slots = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
    this.entries = new Entry[slots];
    this.mask = slots - 1;
  }

  /** The cached subject of {@code key}, or null. */
  String get(String key) {
    Entry entry = entries[slot(key)];
    return entry != null && entry.key().equals(key) ? entry.subject() : null;
  }

  void put(String key, String subject) {
    entries[slot(key)] = new Entry(key, subject);
  }

  private int slot(String key) {
    int h = key.hashCode();
    return (h ^ h >>> 16) & mask;
  }
}
