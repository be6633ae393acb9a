package io.parti.vertx.impl.env;

import java.util.function.Consumer;

/** The state of the coordinator's NATS connection, and its changes delivered on the coordinator's loop. */
public interface Connectivity {

  /** A change of the connection. */
  enum Event {
    /** The connection dropped; the client is reconnecting. */
    DISCONNECTED,
    /** The connection is back. */
    RECONNECTED,
    /** The connection was closed for good. */
    CLOSED
  }

  boolean isConnected();

  /** Calls {@code listener} with every change until the returned handle is run. */
  Runnable listen(Consumer<Event> listener);
}
