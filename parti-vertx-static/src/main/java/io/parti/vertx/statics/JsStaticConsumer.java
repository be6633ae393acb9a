package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.parti.vertx.statics.impl.JsStaticConsumerImpl;
import io.vertx.core.Vertx;

/**
 * Consumes one partition from a JetStream stream through a durable pull consumer whose filter is the
 * partition's subject. Batches are pulled by the client's dispatcher thread, never by an event loop, and
 * each message is handed to the handler on the Vert.x context that called {@link #start()}.
 * <p>
 * At least once: a message is acked after its handler's future succeeds; a failure NAKs it with a
 * growing delay, and the {@code maxDeliver}-th failure terminates it. Messages held longer than a third
 * of {@code ackWait} are kept alive with in-progress acks so the server does not redeliver them while
 * they wait or run.
 * <p>
 * {@link #start()} creates or updates the durable consumer and starts pulling. {@link #stop()} stops
 * pulling, lets the pull in flight end, then waits until every received message is handled and acked or
 * NAKed exactly once (past the drain timeout, the messages not started are NAKed for prompt redelivery
 * and the future fails).
 */
public interface JsStaticConsumer extends StaticConsumer {

  /**
   * A consumer of {@code options.partition} (or, when it is -1, of {@link StatefulSets#partitionIndex}).
   *
   * @throws IllegalArgumentException when an option is invalid
   * @throws IllegalStateException when the partition comes from the environment and it has none
   */
  static JsStaticConsumer create(Vertx vertx, Connection connection, JsStaticConsumerOptions options, StaticMessageHandler handler) {
    return new JsStaticConsumerImpl(vertx, connection, options, handler);
  }

  /** The durable consumer's name. */
  String durable();
}
