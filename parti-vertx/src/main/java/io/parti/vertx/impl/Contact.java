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
  private volatile boolean bucketsMissing;

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
  }

  /** Whether a coordination bucket is known to be gone: contact stays lost until none is. */
  void bucketsMissing(boolean missing) {
    bucketsMissing = missing;
  }

  boolean lost() {
    return disconnected || unanswered || bucketsMissing;
  }

  boolean closedForGood() {
    return closed;
  }

  /** Why contact is lost: {@code closed}, {@code disconnected}, {@code kv-errors} or {@code bucket-missing}; null while in contact. */
  String reason() {
    return closed ? "closed" : disconnected ? "disconnected" : bucketsMissing ? "bucket-missing" : unanswered ? "kv-errors" : null;
  }
}
