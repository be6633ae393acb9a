package io.parti.vertx.testkit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vertx-junit5's {@code VertxExtension} alone injects the testkit's servers next to {@code Vertx} and
 * {@code VertxTestContext} ({@link NatsServerProvider}): one server per class, reused by every test of it and its
 * nested classes, and a server that kills and restarts like any other.
 */
@ExtendWith(VertxExtension.class)
class VertxJunit5Test {

  private static NatsServer fromBeforeAll;

  @BeforeAll
  static void remember(NatsServer nats) {
    fromBeforeAll = nats;
  }

  @Test
  void aMessageMakesTheRoundTripThroughTheInjectedServer(Vertx vertx, VertxTestContext testContext, NatsServer nats)
      throws Exception {
    assertThat(nats).isSameAs(fromBeforeAll);
    Checkpoint received = testContext.checkpoint();
    try (Connection connection = Clients.connect(nats.url())) { // blocking jnats calls, on the test's thread
      Dispatcher dispatcher = connection.createDispatcher(message -> vertx.runOnContext(v -> testContext.verify(() -> {
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
        received.flag();
      })));
      dispatcher.subscribe("junit5.round-trip");
      connection.flush(Duration.ofSeconds(5));
      connection.publish("junit5.round-trip", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(testContext.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theInjectedServerRestartsOnTheSamePort(Vertx vertx, VertxTestContext testContext, NatsServer nats) throws Exception {
    int port = nats.port();
    vertx.executeBlocking(() -> {
      nats.kill();
      nats.restart();
      try (Connection connection = Clients.connect(nats.url())) {
        return connection.getServerInfo().isJetStreamAvailable();
      }
    }).onComplete(testContext.succeeding(jetStream -> testContext.verify(() -> {
      assertThat(nats).isSameAs(fromBeforeAll);
      assertThat(nats.port()).isEqualTo(port);
      assertThat(jetStream).isTrue();
      testContext.completeNow();
    })));
    assertThat(testContext.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
  }

  @Nested
  class Inner {
    @Test
    void aNestedClassSharesTheOuterServer(NatsServer nats, VertxTestContext testContext) {
      testContext.verify(() -> assertThat(nats).isSameAs(fromBeforeAll).matches(NatsServer::isRunning));
      testContext.completeNow();
    }
  }
}
