package io.parti.vertx.impl.env;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.vertx.core.Context;

import java.util.function.Consumer;

/** {@link Connectivity} of a jnats connection, with its events hopped onto a Vert.x context. */
public final class NatsConnectivity implements Connectivity {

  private final Connection connection;
  private final Context context;

  public NatsConnectivity(Connection connection, Context context) {
    this.connection = connection;
    this.context = context;
  }

  @Override
  public boolean isConnected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  @Override
  public Runnable listen(Consumer<Event> listener) {
    ConnectionListener jnats = (conn, event) -> {
      Event mapped = map(event);
      if (mapped != null) {
        context.runOnContext(v -> listener.accept(mapped));
      }
    };
    connection.addConnectionListener(jnats);
    return () -> connection.removeConnectionListener(jnats);
  }

  private static Event map(ConnectionListener.Events event) {
    switch (event) {
      case DISCONNECTED:
        return Event.DISCONNECTED;
      case RECONNECTED:
        return Event.RECONNECTED;
      case CLOSED:
        return Event.CLOSED;
      default:
        return null;
    }
  }
}
