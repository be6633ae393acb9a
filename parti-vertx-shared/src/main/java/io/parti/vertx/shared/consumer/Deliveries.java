package io.parti.vertx.shared.consumer;

import io.nats.client.Message;

/**
 * What the consumer asks of every JetStream message it receives (how many times the server delivered it, which
 * stored message it is), read from its reply subject without building jnats' metadata object, which parses every
 * field and its timestamp. The subject is {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>...} (8 or 9
 * tokens) or, with a domain and an account hash, {@code $JS.ACK.<domain>.<hash>.<stream>.<consumer>.<delivered>.<stream
 * seq>...} (11 or more), as jnats reads it; any other shape is left to jnats.
 */
final class Deliveries {

  /** Fields after the consumer's name, counted from it. */
  static final int DELIVERED = 0;
  static final int STREAM_SEQUENCE = 1;
  static final int TIMESTAMP = 3;

  private Deliveries() {
  }

  /** The delivery count of a JetStream message (1 for its first delivery). */
  static long count(Message message) {
    String reply = message.getReplyTo();
    long parsed = reply == null ? -1 : parse(reply, DELIVERED);
    return parsed > 0 ? parsed : message.metaData().deliveredCount();
  }

  /**
   * Which stored message a JetStream message is: its stream sequence and the time the stream stored it, together (a
   * stream deleted and created again hands its sequences out anew, with other times).
   */
  static String storedMessage(Message message) {
    String reply = message.getReplyTo();
    long sequence = reply == null ? -1 : parse(reply, STREAM_SEQUENCE);
    long stored = reply == null ? -1 : parse(reply, TIMESTAMP);
    if (sequence > 0 && stored > 0) {
      return sequence + "@" + stored;
    }
    return message.metaData().streamSequence() + "@" + message.metaData().timestamp().toInstant();
  }

  /** A numeric {@code field} of a reply subject, or -1 when its shape is not one of the two known ones. */
  static long parse(String reply, int field) {
    int tokens = 1;
    for (int i = 0; i < reply.length(); i++) {
      if (reply.charAt(i) == '.') {
        tokens++;
      }
    }
    int first = tokens == 8 || tokens == 9 ? 4 : tokens >= 11 ? 6 : -1;
    if (first < 0) {
      return -1;
    }
    int start = 0;
    for (int t = 0; t < first + field; t++) {
      start = reply.indexOf('.', start) + 1;
    }
    int next = reply.indexOf('.', start);
    int end = next < 0 ? reply.length() : next; // the timestamp ends the 8-token form
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
