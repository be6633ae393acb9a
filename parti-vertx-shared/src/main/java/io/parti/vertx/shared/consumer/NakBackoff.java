package io.parti.vertx.shared.consumer;

import java.time.Duration;

/** Redelivery delay after a failed delivery: {@code initial * 2^(deliveries-1)}, capped at {@code max}. */
final class NakBackoff {

  private final long initialMillis;
  private final long maxMillis;

  NakBackoff(Duration initial, Duration max) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** The delay after the {@code deliveries}-th delivery failed (1 for the first). */
  Duration delay(long deliveries) {
    int doublings = (int) Math.min(Math.max(deliveries - 1, 0), 62);
    long delay = doublings >= Long.numberOfLeadingZeros(initialMillis) - 1 ? maxMillis : initialMillis << doublings;
    return Duration.ofMillis(Math.min(delay, maxMillis));
  }
}
