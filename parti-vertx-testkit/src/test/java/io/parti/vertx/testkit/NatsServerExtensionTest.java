package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NatsServerExtension.class)
class NatsServerExtensionTest {

  private final NatsServer fromConstructor;
  private NatsServer fromBeforeEach;

  NatsServerExtensionTest(NatsServer server) {
    this.fromConstructor = server;
  }

  @BeforeEach
  void remember(NatsServer server) {
    fromBeforeEach = server;
  }

  @Test
  void injectsOneRunningServerPerClass(NatsServer server) throws Exception {
    assertThat(server).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
    assertThat(server.isRunning()).isTrue();
    try (Connection nc = Clients.connect(server.url())) {
      assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
    }
  }

  @Nested
  class Inner {
    @Test
    void nestedClassSharesTheOuterServer(NatsServer server) {
      assertThat(server).isSameAs(fromConstructor);
    }
  }
}
