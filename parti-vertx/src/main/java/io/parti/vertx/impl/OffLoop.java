package io.parti.vertx.impl;

import io.parti.vertx.impl.env.Scheduler;
import io.vertx.core.Future;

import java.util.concurrent.Callable;

/**
 * Pure work over an assignment runs inline when it is small, and on a worker thread when it is large enough
 * to stall the event loop past its limit (100,000 partitions take tens of ms to plan, encode or decode).
 */
final class OffLoop {

  /** Computations over more partitions than this leave the event loop. */
  static final int PARTITIONS_INLINE = 2048;
  /** Decoding a stored value larger than this leaves the event loop. */
  static final int BYTES_INLINE = 16 * 1024;

  private OffLoop() {
  }

  static <T> Future<T> run(Scheduler scheduler, boolean large, Callable<T> work) {
    if (large) {
      return scheduler.offLoop(work);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
