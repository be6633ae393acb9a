package io.parti.vertx.shared.consumer;

import io.nats.client.Message;

/**
 * How many times the server delivered a JetStream message, read from its reply subject without building jnats'
 * metadata object (which parses every field and its timestamp): the consumer asks it of every message it receives,
 * to count redeliveries. The subject is {@code $JS.ACK.<stream>.<consumer>.<delivered>...} (8 or 9 tokens) or, with a
 * domain and an account hash, {@code $JS.ACK.<domain>.<hash>.<stream>.<consumer>.<delivered>...} (11 or more), as
 * jnats reads it; any other shape is left to jnats.
 */
final class Deliveries {

  private Deliveries() {
  }

  /** The delivery count of a JetStream message (1 for its first delivery). */
  static long count(Message message) {
    String reply = message.getReplyTo();
    long parsed = reply == null ? -1 : parse(reply);
    return parsed > 0 ? parsed : message.metaData().deliveredCount();
  }

  /** The delivered count in a reply subject, or -1 when its shape is not one of the two known ones. */
  static long parse(String reply) {
    int tokens = 1;
    for (int i = 0; i < reply.length(); i++) {
      if (reply.charAt(i) == '.') {
        tokens++;
      }
    }
    int index = tokens == 8 || tokens == 9 ? 4 : tokens >= 11 ? 6 : -1;
    if (index < 0) {
      return -1;
    }
    int start = 0;
    for (int t = 0; t < index; t++) {
      start = reply.indexOf('.', start) + 1;
    }
    int end = reply.indexOf('.', start);
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = reply.charAt(i);
      if (c < '0' || c > '9' || value > Long.MAX_VALUE / 10) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return end > start ? value : -1;
  }
}
