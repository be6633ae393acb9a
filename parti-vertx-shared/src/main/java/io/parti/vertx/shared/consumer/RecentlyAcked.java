package io.parti.vertx.shared.consumer;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored messages a consumer handled and acked lately, each for {@code keep} after its ack and at most
 * {@code capacity} of them (the oldest go first): long enough for the server to send one again whose ack it never got
 * (it does so at once after a restart, or after the ack wait), short enough to stay small. Not thread-safe: one
 * consumer's context uses it.
 */
final class RecentlyAcked {

  private final long keepNanos;
  private final int capacity;
  /** Stored message → when it was acked (System.nanoTime), in ack order. */
  private final LinkedHashMap<String, Long> acked = new LinkedHashMap<>();

  RecentlyAcked(Duration keep, int capacity) {
    this.keepNanos = keep.toNanos();
    this.capacity = capacity;
  }

  void add(String storedMessage, long now) {
    forgetOld(now);
    acked.remove(storedMessage);
    acked.put(storedMessage, now);
    if (acked.size() > capacity) {
      Iterator<Map.Entry<String, Long>> oldest = acked.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  boolean contains(String storedMessage, long now) {
    forgetOld(now);
    return acked.containsKey(storedMessage);
  }

  private void forgetOld(long now) {
    Iterator<Map.Entry<String, Long>> oldest = acked.entrySet().iterator();
    while (oldest.hasNext() && now - oldest.next().getValue() > keepNanos) {
      oldest.remove();
    }
  }
}
