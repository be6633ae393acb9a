package io.parti.vertx.statics;

import io.vertx.core.Future;

/**
 * What every consumer of one static partition does: start receiving, stop after draining. See
 * {@link StaticSubscriber} (core NATS, at most once) and {@link JsStaticConsumer} (JetStream, at least once).
 */
public interface StaticConsumer {

  /** Starts receiving; handlers then run on the Vert.x context that called this method. */
  Future<Void> start();

  /**
   * Stops receiving, then waits until every message already received is handled (bounded by the drain
   * timeout; past it the future fails). Idempotent.
   */
  Future<Void> stop();

  /** The partition consumed. */
  int partition();

  /** The subject filter of that partition. */
  String filterSubject();
}
