package io.parti.vertx.impl;

/**
 * What a coordinator knows of its contact with NATS: the connection's state, and whether JetStream answers over it
 * ({@link KvCircuit}). Out of contact, a worker that runs an assignment is {@code DEGRADED}. Written on the
 * coordinator's loop, read from any thread (the health checks).
 */
final class Contact {

  private volatile boolean disconnected;
  private volatile boolean closed;
  private volatile boolean unanswered;
  /** Why JetStream does not answer: {@code kv-errors}, or {@code bucket-missing} once a bucket is known to be gone. */
  private volatile String unansweredReason = "kv-errors";

  /** The connection went down ({@code false}) or came back. */
  void connection(boolean connected) {
    disconnected = !connected;
  }

  /** The connection was closed for good: it never comes back. */
  void closed() {
    disconnected = true;
    closed = true;
  }

  /** JetStream stopped answering over a live connection ({@code false}), or answers again. */
  void answering(boolean answering) {
    unanswered = !answering;
    unansweredReason = "kv-errors";
  }

  /** A coordination bucket was found missing while JetStream did not answer. */
  void bucketMissing() {
    unansweredReason = "bucket-missing";
  }

  boolean lost() {
    return disconnected || unanswered;
  }

  boolean closedForGood() {
    return closed;
  }

  /** Why contact is lost: {@code closed}, {@code disconnected}, {@code kv-errors} or {@code bucket-missing}; null while in contact. */
  String reason() {
    return closed ? "closed" : disconnected ? "disconnected" : unanswered ? unansweredReason : null;
  }
}
