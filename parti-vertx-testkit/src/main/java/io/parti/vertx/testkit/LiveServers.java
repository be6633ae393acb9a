package io.parti.vertx.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every server started and not yet closed; a JVM shutdown hook kills those still running. */
final class LiveServers {

  private static final Set<NatsServer> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LiveServers::killAll, "parti-testkit-nats-reaper"));
  }

  private LiveServers() {}

  static void register(NatsServer server) {
    LIVE.add(server);
  }

  static void unregister(NatsServer server) {
    LIVE.remove(server);
  }

  private static void killAll() {
    for (NatsServer server : LIVE) {
      server.destroyNow();
    }
  }
}
