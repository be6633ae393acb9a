package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.parti.vertx.statics.impl.StaticSubscriberImpl;
import io.vertx.core.Vertx;

/**
 * Consumes one partition on core NATS: subscribes to the partition's filter subject and hands each
 * message to the handler on the Vert.x context that called {@link #start()}. Core NATS is at most once:
 * a failed handler is logged, never redelivered; use {@link JsStaticConsumer} when messages must not be
 * lost.
 * <p>
 * {@link #start()} completes once the server has the subscription. {@link #stop()} unsubscribes, then waits
 * until every message already received is handled (past the drain timeout, the messages not started are
 * dropped and the future fails).
 */
public interface StaticSubscriber extends StaticConsumer {

  /**
   * A subscriber of {@code options.partition} (or, when it is -1, of {@link StatefulSets#partitionIndex}).
   *
   * @throws IllegalArgumentException when an option is invalid
   * @throws IllegalStateException when the partition comes from the environment and it has none
   */
  static StaticSubscriber create(Vertx vertx, Connection connection, StaticConsumerOptions options, StaticMessageHandler handler) {
    return new StaticSubscriberImpl(vertx, connection, options, handler);
  }
}
