package io.parti.vertx.shared;

/**
 * The one rule for how long to wait before trying again: attempt n waits {@code firstMs × 2^(n-1)}, at most
 * {@code maxMs}, less a random share of up to {@code jitter} of it, so that a fleet restarting together (or
 * failing over together) does not retry in step. Randomness comes from the caller (the coordinator's scheduler,
 * so that its simulation replays it from its seed).
 *
 * @param firstMs the delay after the first failure
 * @param maxMs   the longest delay
 * @param jitter  the share of a delay that is random, in [0, 1)
 */
public record RetryPolicy(long firstMs, long maxMs, double jitter) {

  /** Start-up operations (claims, watches, opening buckets) while NATS cannot answer yet. */
  public static final RetryPolicy STARTUP = new RetryPolicy(50, 1000, 0.5);

  public RetryPolicy {
    if (firstMs < 1 || maxMs < firstMs || !(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("a retry policy needs 1 <= firstMs <= maxMs and jitter in [0, 1), was "
          + firstMs + ", " + maxMs + ", " + jitter);
    }
  }

  /** A policy that waits about {@code ms} every time (at least 1 ms, as timers count). */
  public static RetryPolicy steady(long ms) {
    long delay = Math.max(1, ms);
    return new RetryPolicy(delay, delay, 0.5);
  }

  /**
   * How long to wait after failed attempt {@code attempt} (1 for the first failure).
   *
   * @param random uniform in [0, 1)
   */
  public long delayMs(int attempt, double random) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long base = firstMs > (maxMs >> doublings) ? maxMs : firstMs << doublings; // no overflow: capped before shifting
    return Math.max(1, Math.round(base * (1 - jitter * random)));
  }
}
