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
 * growing delay, and the {@code maxDeliver}-th failure terminates it. With {@code orderedByKey}, a failed
 * message is retried in place instead, after the same delay, so later messages of its key never overtake
 * it. Messages held here (waiting or running) are kept alive with in-progress acks so the server does not
 * redeliver them meanwhile. A handler that throws, an {@code Error} too, fails its message.
 * <p>
 * {@link #start()} creates or updates the durable consumer and starts pulling; a durable deleted while it
 * runs is created again from the first message it had not settled. {@link #stop()} closes the gate (no
 * message starts any more), stops pulling (the open pull request ends at its expiry at the latest), then NAKs
 * the messages received and not started so they are redelivered at once, and waits for the running handlers
 * (the drain timeout, counted from the stop's start, bounds it; past it the future fails). A consumer
 * stopped before it started never starts.
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
