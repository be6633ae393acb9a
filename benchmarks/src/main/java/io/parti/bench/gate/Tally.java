package io.parti.bench.gate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/** A throughput round's handlings per id: unique ids, duplicates, and when the last missing id arrived. */
public final class Tally {

  private final int expected;
  private final AtomicIntegerArray seen;
  private final AtomicInteger unique = new AtomicInteger();
  private final LongAdder duplicates = new LongAdder();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long doneAt;

  /** A tally of ids {@code 0..expected-1}. */
  public Tally(int expected) {
    this.expected = expected;
    this.seen = new AtomicIntegerArray(expected);
  }

  /** One handling of the message with this {@link Payloads#numbered} payload. */
  public void record(byte[] payload) {
    int id = Payloads.id(payload);
    if (seen.getAndIncrement(id) == 0) {
      if (unique.incrementAndGet() == expected) {
        doneAt = System.nanoTime();
        done.countDown();
      }
    } else {
      duplicates.increment();
    }
  }

  /** Waits until every id was handled; false if {@code timeout} passed first. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** When the last missing id was handled ({@link System#nanoTime()}), once {@link #await} returned true. */
  public long doneAt() {
    return doneAt;
  }

  int expected() {
    return expected;
  }

  int unique() {
    return unique.get();
  }

  long duplicates() {
    return duplicates.sum();
  }
}
