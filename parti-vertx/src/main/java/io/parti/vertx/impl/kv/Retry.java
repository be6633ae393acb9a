package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;

import io.parti.vertx.shared.RetryPolicy;
import io.parti.vertx.impl.env.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/**
 * Retries an operation while NATS cannot answer it yet: a JetStream stream that was just created, or whose
 * leader is being elected, answers "no responders" for a moment. A conflict is an answer and is not
 * retried; neither is anything after the deadline.
 */
public final class Retry {

  private static final System.Logger LOG = System.getLogger(Retry.class.getName());
  /** How long start-up operations keep trying while NATS cannot answer yet (a bucket that was just created, say). */
  public static final long STARTUP_DEADLINE_MS = 30_000;

  private Retry() {
  }

  /** Runs {@code operation} until it succeeds, fails with something other than unavailability, or {@code deadlineMs} passes. */
  public static <T> Future<T> whileUnavailable(Scheduler scheduler, String what, long deadlineMs, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    attempt(scheduler, what, scheduler.nanoTime() + deadlineMs * 1_000_000, 1, operation, result);
    return result.future();
  }

  private static <T> void attempt(Scheduler scheduler, String what, long deadline, int attempt, Supplier<Future<T>> operation,
                                  Promise<T> result) {
    operation.get().onComplete(ar -> {
      long delay = RetryPolicy.STARTUP.delayMs(attempt, scheduler.random());
      if (ar.succeeded() || !retries(ar.cause()) || scheduler.nanoTime() + delay * 1_000_000 > deadline) {
        result.handle(ar);
        return;
      }
      LOG.log(System.Logger.Level.DEBUG, what + " failed, retrying in " + delay + " ms: " + ar.cause().getMessage());
      scheduler.setTimer(delay, () -> attempt(scheduler, what, deadline, attempt + 1, operation, result));
    });
  }

  /** Whether a failure is one that trying again can cure: NATS gave no answer. A conflict is an answer. */
  static boolean retries(Throwable failure) {
    return failure instanceof PartiException.Unavailable || failure instanceof PartiException.Timeout;
  }
}
