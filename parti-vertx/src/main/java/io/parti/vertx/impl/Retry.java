package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.KvException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Retries an operation while NATS cannot answer it yet: a JetStream stream that was just created, or whose
 * leader is being elected, answers "no responders" for a moment. A conflict is an answer and is not
 * retried; neither is anything after the deadline.
 */
public final class Retry {

  private static final System.Logger LOG = System.getLogger(Retry.class.getName());
  private static final long FIRST_DELAY_MS = 50;
  private static final long MAX_DELAY_MS = 1000;

  private Retry() {
  }

  /** Runs {@code operation} until it succeeds, fails with something other than unavailability, or {@code deadlineMs} passes. */
  public static <T> Future<T> whileUnavailable(Vertx vertx, String what, long deadlineMs, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    attempt(vertx, what, System.nanoTime() + deadlineMs * 1_000_000, FIRST_DELAY_MS, operation, result);
    return result.future();
  }

  private static <T> void attempt(Vertx vertx, String what, long deadline, long delay, Supplier<Future<T>> operation, Promise<T> result) {
    operation.get().onComplete(ar -> {
      boolean unavailable = ar.failed() && (ar.cause() instanceof KvException.Unavailable || ar.cause() instanceof KvException.Timeout);
      if (!unavailable || System.nanoTime() + delay * 1_000_000 > deadline) {
        result.handle(ar);
        return;
      }
      LOG.log(System.Logger.Level.DEBUG, what + " failed, retrying in " + delay + " ms: " + ar.cause().getMessage());
      vertx.setTimer(delay, t -> attempt(vertx, what, deadline, Math.min(MAX_DELAY_MS, delay * 2), operation, result));
    });
  }
}
