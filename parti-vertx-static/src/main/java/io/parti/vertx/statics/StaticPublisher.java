package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.parti.vertx.statics.impl.StaticPublisherImpl;

/**
 * Publishes keyed messages on core NATS to the subject of the key's partition: fire and forget, at most
 * once. {@code publish} only appends to the connection's outgoing buffer, so it may be called on an event
 * loop (jnats waits only when that buffer is full). Thread-safe.
 */
public interface StaticPublisher {

  /** A publisher routing with {@code options} (validated here: a bad option throws {@link IllegalArgumentException}). */
  static StaticPublisher create(Connection connection, StaticPartitionOptions options) {
    return new StaticPublisherImpl(connection, options);
  }

  /**
   * Publishes {@code data} under {@code key}.
   *
   * @throws IllegalArgumentException when the key cannot be put in the subject (see {@link KeyEscaping})
   * @throws IllegalStateException when the connection is closed
   */
  void publish(String key, byte[] data);

  /** Publishes {@code data} with headers under {@code key}. */
  void publish(String key, Headers headers, byte[] data);

  /** The partition of {@code key}. */
  int partition(String key);

  /** The subject {@code key} is published to. */
  String subject(String key);

  StaticPartitioner partitioner();

  SubjectPattern subjectPattern();
}
