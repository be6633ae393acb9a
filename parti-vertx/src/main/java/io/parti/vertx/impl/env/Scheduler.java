package io.parti.vertx.impl.env;

import io.vertx.core.Future;

import java.util.concurrent.Callable;

/**
 * The event loop a coordinator runs on, as its protocol components see it: a monotonic clock, timers, later
 * turns and pure work that is too large for the loop. Everything it calls back runs on that one loop, so the
 * components need no locks. Production wires a Vert.x context ({@link VertxScheduler}); the simulation wires a
 * virtual clock.
 */
public interface Scheduler {

  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once, after {@code delayMs} (at least 1); returns the timer's id. */
  long setTimer(long delayMs, Runnable task);

  /** Runs {@code task} every {@code periodMs} (at least 1) until cancelled; returns the timer's id. */
  long setPeriodic(long periodMs, Runnable task);

  /** Cancels a timer; an id that is negative, fired or unknown is ignored. */
  void cancelTimer(long id);

  /** Runs {@code task} in a later turn of the loop, after what is queued now. */
  void runLater(Runnable task);

  /** A uniform random number in [0, 1), for jitter: the simulation draws it from its seed, so a history replays. */
  double random();

  /** Runs pure {@code work} off the loop; completes on the loop. */
  <T> Future<T> offLoop(Callable<T> work);
}
