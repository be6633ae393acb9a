package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsServerTest {

  @Test
  void startsOnLoopbackWithJetStreamAndServesKv() throws Exception {
    try (NatsServer server = NatsServer.start(); Connection nc = Clients.connect(server.url())) {
      assertThat(server.url()).isEqualTo("nats://127.0.0.1:" + server.port());
      assertThat(server.isRunning()).isTrue();
      assertThat(nc.getServerInfo().getServerName()).isEqualTo(server.name());
      assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();

      KeyValue kv = createBucket(nc, "start");
      kv.put("k", "v1");
      assertThat(new String(kv.get("k").getValue(), StandardCharsets.UTF_8)).isEqualTo("v1");
    }
  }

  @Test
  void killThenRestartKeepsPortAndKvData() throws Exception {
    try (NatsServer server = NatsServer.start()) {
      int port = server.port();
      try (Connection nc = Clients.connect(server.url())) {
        createBucket(nc, "durable").put("k", "before-crash");
      }
      server.kill();
      assertThat(server.isRunning()).isFalse();

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      try (Connection nc = Clients.connect(server.url())) {
        KeyValue kv = nc.keyValue("durable");
        assertThat(new String(kv.get("k").getValue(), StandardCharsets.UTF_8)).isEqualTo("before-crash");
      }
    }
  }

  @Test
  void pauseSilencesServerUntilResume() throws Exception {
    try (NatsServer server = NatsServer.start()) {
      Clients.EventLog events = new Clients.EventLog();
      try (Connection nc = Clients.fastPing(server.url(), events)) {
        server.pause();
        assertThat(server.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.saw(Events.DISCONNECTED));
        assertThat(events.saw(Events.RECONNECTED)).isFalse();

        server.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.saw(Events.RECONNECTED));
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      }
    }
  }

  @Test
  void closeKillsProcessAndDeletesStoreAndIsIdempotent() {
    NatsServer server = NatsServer.start();
    assertThat(server.storeDir()).exists();

    server.close();
    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThat(Files.exists(server.storeDir())).isFalse();
    assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void signalsNeedARunningServerAndTheLogSurvivesKill() {
    try (NatsServer server = NatsServer.start()) {
      server.kill();
      assertThatThrownBy(server::pause)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not running");
      assertThat(server.logTail(200)).contains("Server is ready");
    }
  }

  @Test
  void startFailureReportsExitCodeAndLogTail() {
    withBinary("/bin/echo", () -> assertThatThrownBy(NatsServer::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited during start-up with code 0")
        .hasMessageContaining("-c /"));
  }

  @Test
  void missingBinaryExplainsHowToInstall() {
    withBinary("/nonexistent/nats-server", () -> assertThatThrownBy(NatsServer::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/nats-server")
        .hasMessageContaining("apt-get install -y nats-server")
        .hasMessageContaining("NATS_SERVER_BIN"));
  }

  private static void withBinary(String path, Runnable body) {
    String previous = System.getProperty(NatsServerBinary.PROPERTY);
    System.setProperty(NatsServerBinary.PROPERTY, path);
    try {
      body.run();
    } finally {
      if (previous == null) {
        System.clearProperty(NatsServerBinary.PROPERTY);
      } else {
        System.setProperty(NatsServerBinary.PROPERTY, previous);
      }
    }
  }

  static KeyValue createBucket(Connection nc, String bucket) throws Exception {
    nc.keyValueManagement().create(KeyValueConfiguration.builder()
        .name(bucket).storageType(StorageType.File).build());
    return nc.keyValue(bucket);
  }
}
