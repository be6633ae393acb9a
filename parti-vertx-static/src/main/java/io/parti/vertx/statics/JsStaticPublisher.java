package io.parti.vertx.statics;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.parti.vertx.statics.impl.JsStaticPublisherImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Publishes keyed messages to JetStream, to the subject of the key's partition. Each publish is
 * asynchronous ({@code publishAsync}): the future completes with the stream's acknowledgement on the
 * caller's Vert.x context, never blocking an event loop. Thread-safe.
 */
public interface JsStaticPublisher {

  /** A publisher routing with {@code options} (validated here: a bad option throws {@link IllegalArgumentException}). */
  static JsStaticPublisher create(Vertx vertx, JetStream jetStream, StaticPartitionOptions options) {
    return new JsStaticPublisherImpl(vertx, jetStream, options);
  }

  /**
   * Publishes {@code data} under {@code key}. The future fails with an {@link IllegalArgumentException}
   * when the key cannot be put in the subject (see {@link KeyEscaping}), or with the client's error when
   * the stream does not acknowledge.
   */
  Future<PublishAck> publish(String key, byte[] data);

  /** Publishes {@code data} with headers under {@code key}. */
  Future<PublishAck> publish(String key, Headers headers, byte[] data);

  int partition(String key);

  String subject(String key);

  StaticPartitioner partitioner();

  SubjectPattern subjectPattern();
}
