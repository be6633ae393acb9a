package io.parti.vertx.impl.kv;

import io.vertx.core.Future;

/** A running watch of some keys of a bucket: the latest entry of every matching key first, then every change. */
public interface KvWatch {

  /** Subscribes, in one attempt: callers retry while NATS cannot answer yet ({@link Retry#whileUnavailable}). */
  Future<Void> start();

  /**
   * Completes once every entry that existed when the watch started has been handed to the handler: from then on
   * the handler's view is complete.
   */
  Future<Void> caughtUp();

  /** Stops delivering; entries already queued are dropped. */
  Future<Void> close();
}
