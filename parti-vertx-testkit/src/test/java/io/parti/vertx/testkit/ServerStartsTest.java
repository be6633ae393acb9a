package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerStartsTest {

  @Test
  void aTakenPortIsReportedAsPortInUse() throws Exception {
    String name = ServerStarts.uniqueName("taken");
    Path dir = ServerStarts.createWorkDir(name);
    int monitorPort = FreePorts.allocate(1)[0];
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         NatsServer server = new NatsServer(
             NodeConfig.standalone(name, squatter.getLocalPort(), monitorPort, dir.resolve("store"), null, ""), dir)) {
      server.launch();
      assertThatThrownBy(server::awaitReady)
          .isInstanceOf(ServerStarts.PortInUseException.class)
          .hasMessageContaining("address already in use");
    }
  }

  @Test
  void portCollisionsAreRetriedWithFreshPortsAFewTimes() {
    AtomicInteger attempts = new AtomicInteger();
    String result = ServerStarts.withPortRetries(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw new ServerStarts.PortInUseException("taken");
      }
      return "started";
    });
    assertThat(result).isEqualTo("started");

    attempts.set(0);
    assertThatThrownBy(() -> ServerStarts.withPortRetries(() -> {
      attempts.incrementAndGet();
      throw new ServerStarts.PortInUseException("always taken");
    })).hasMessage("always taken");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void otherStartFailuresAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> ServerStarts.withPortRetries(() -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("broken config");
    })).hasMessage("broken config");
    assertThat(attempts).hasValue(1);
  }
}
