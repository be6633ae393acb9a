package io.parti.vertx.testkit;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** jnats connections for the testkit's own tests, recording connection events. */
final class Clients {

  private Clients() {}

  /** Records every connection event in order. */
  static final class EventLog implements ConnectionListener {
    final List<Events> seen = new CopyOnWriteArrayList<>();

    @Override
    public void connectionEvent(Connection conn, Events type) {
      seen.add(type);
    }

    boolean saw(Events type) {
      return seen.contains(type);
    }

    int count(Events type) {
      return (int) seen.stream().filter(type::equals).count();
    }
  }

  /**
   * A client that notices a silent peer within about 3 s (1 s pings, 2 outstanding) and retries quickly; it
   * ignores discovered servers so it only ever connects to {@code servers}.
   */
  static Connection fastPing(String servers, EventLog events) throws Exception {
    return Nats.connect(Options.builder()
        .servers(servers.split(","))
        .connectionTimeout(Duration.ofSeconds(1))
        .pingInterval(Duration.ofSeconds(1))
        .maxPingsOut(2)
        .reconnectWait(Duration.ofMillis(200))
        .maxReconnects(-1)
        .ignoreDiscoveredServers()
        .connectionListener(events)
        .build());
  }

  /** A plain client with a short connect timeout. */
  static Connection connect(String servers) throws Exception {
    return Nats.connect(Options.builder()
        .servers(servers.split(","))
        .connectionTimeout(Duration.ofSeconds(2))
        .maxReconnects(-1)
        .build());
  }
}
