package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Dispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NatsServerExtension.class)
class FaultProxyTest {

  private static final Duration DETECTION = Duration.ofSeconds(10);

  private FaultProxy proxy;
  private Connection responder;

  @BeforeEach
  void startProxyAndEchoService(NatsServer server) throws Exception {
    proxy = FaultProxy.start(server);
    responder = Clients.connect(server.url());
    Dispatcher dispatcher = responder.createDispatcher(msg -> responder.publish(msg.getReplyTo(), msg.getData()));
    dispatcher.subscribe("echo");
    responder.flush(Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws Exception {
    responder.close();
    proxy.close();
  }

  @Test
  void passForwardsTrafficBothWays() throws Exception {
    try (Connection nc = Clients.connect(proxy.url())) {
      assertThat(echo(nc, "hello")).isEqualTo("hello");
      assertThat(proxy.connectionCount()).isEqualTo(1);
      assertThat(proxy.url()).isEqualTo("nats://127.0.0.1:" + proxy.port());
    }
  }

  @Test
  void blackholeIsNoticedOnlyThroughPingsAndPassLetsTheClientBack() throws Exception {
    Clients.EventLog events = new Clients.EventLog();
    try (Connection nc = Clients.fastPing(proxy.url(), events)) {
      proxy.blackhole();

      await().atMost(DETECTION).until(() -> events.saw(Events.DISCONNECTED));
      // reconnect attempts reach the proxy but get no INFO, so the client stays disconnected
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
          .until(() -> !events.saw(Events.RECONNECTED));

      proxy.pass();
      await().atMost(DETECTION).until(() -> events.saw(Events.RECONNECTED));
      assertThat(echo(nc, "back")).isEqualTo("back");
    }
  }

  /** What a client sends while delayed arrives, in order, on pass(); what the server sends arrives meanwhile. */
  @Test
  void delayOutgoingHoldsWhatTheClientSendsUntilPass() throws Exception {
    try (Connection sender = Clients.connect(proxy.url()); Connection watcher = Clients.connect(responder.getConnectedUrl())) {
      java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.createDispatcher(msg -> received.add(new String(msg.getData(), StandardCharsets.UTF_8))).subscribe("held");
      watcher.flush(Duration.ofSeconds(2));
      java.util.List<String> toSender = new java.util.concurrent.CopyOnWriteArrayList<>();
      sender.createDispatcher(msg -> toSender.add(new String(msg.getData(), StandardCharsets.UTF_8))).subscribe("down");
      sender.flush(Duration.ofSeconds(2));

      proxy.delayOutgoing();
      for (int i = 0; i < 3; i++) {
        sender.publish("held", ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      watcher.publish("down", "arrives".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(2)).until(() -> toSender.contains("arrives"));
      assertThat(received).as("held while delayed").isEmpty();

      proxy.pass();
      await().atMost(Duration.ofSeconds(2)).until(() -> received.size() == 3);
      assertThat(received).containsExactly("m0", "m1", "m2");
    }
  }

  /** Publishes to the delayed subject wait (headers or not); everything else the client sends passes meanwhile. */
  @Test
  void delayPublishesToHoldsOnlyThoseSubjects() throws Exception {
    try (Connection sender = Clients.connect(proxy.url()); Connection watcher = Clients.connect(responder.getConnectedUrl())) {
      java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
      watcher.createDispatcher(msg -> received.add(msg.getSubject() + ":" + new String(msg.getData(), StandardCharsets.UTF_8)))
          .subscribe(">");
      watcher.flush(Duration.ofSeconds(2));

      proxy.delayPublishesTo("slow");
      sender.publish("slow", "s1".getBytes(StandardCharsets.UTF_8));
      sender.publish("slow", new io.nats.client.impl.Headers().add("h", "v"), "s2".getBytes(StandardCharsets.UTF_8));
      sender.publish("fast", "f1".getBytes(StandardCharsets.UTF_8));
      assertThat(echo(sender, "still works")).isEqualTo("still works");
      await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("fast:f1"));
      assertThat(received).noneMatch(m -> m.startsWith("slow"));
      assertThat(proxy.holds("slow")).isTrue();

      proxy.pass();
      await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("slow:s2"));
      assertThat(received.stream().filter(m -> m.startsWith("slow"))).containsExactly("slow:s1", "slow:s2");
    }
  }

  /** Delayed subjects match as NATS subscriptions do: {@code *} one token, a final {@code >} one or more. */
  @Test
  void delayedSubjectsMayUseWildcards() {
    assertThat(FaultProxy.matches("$JS.API.CONSUMER.CREATE.>", "$JS.API.CONSUMER.CREATE.KV_b.abc.$KV.b.k")).isTrue();
    assertThat(FaultProxy.matches("$JS.API.CONSUMER.CREATE.>", "$JS.API.CONSUMER.CREATE")).isFalse();
    assertThat(FaultProxy.matches("$JS.API.CONSUMER.CREATE.>", "$JS.API.CONSUMER.INFO.KV_b.abc")).isFalse();
    assertThat(FaultProxy.matches("a.*.c", "a.b.c")).isTrue();
    assertThat(FaultProxy.matches("a.*.c", "a.b.c.d")).isFalse();
    assertThat(FaultProxy.matches("a.*", "a")).isFalse();
    assertThat(FaultProxy.matches("slow", "slow")).isTrue();
    assertThat(FaultProxy.matches("slow", "slower")).isFalse();
    assertThat(FaultProxy.matches("a.>.c", "a.b.c")).as("> only at the end").isFalse();
  }

  @Test
  void closeAllDropsConnectionsButNewOnesPass() throws Exception {
    Clients.EventLog events = new Clients.EventLog();
    try (Connection nc = Clients.fastPing(proxy.url(), events)) {
      proxy.closeAll();

      await().atMost(DETECTION).until(() -> events.saw(Events.DISCONNECTED) && events.saw(Events.RECONNECTED));
      assertThat(echo(nc, "again")).isEqualTo("again");
      assertThat(proxy.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void refuseResetsConnectionsUntilPass() throws Exception {
    Clients.EventLog events = new Clients.EventLog();
    try (Connection nc = Clients.fastPing(proxy.url(), events)) {
      proxy.refuse();

      await().atMost(DETECTION).until(() -> events.saw(Events.DISCONNECTED));
      assertThat(proxy.connectionCount()).isZero();
      assertThat(nc.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);

      proxy.pass();
      await().atMost(DETECTION).until(() -> events.saw(Events.RECONNECTED));
      assertThat(echo(nc, "open")).isEqualTo("open");
    }
  }

  @Test
  void rejectsBadTargets() {
    assertThatThrownBy(() -> FaultProxy.start(" ", 4222)).hasMessageContaining("host");
    assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 0)).hasMessageContaining("port");
  }

  private static String echo(Connection nc, String text) throws Exception {
    byte[] reply = nc.request("echo", text.getBytes(StandardCharsets.UTF_8))
        .get(5, TimeUnit.SECONDS).getData();
    return new String(reply, StandardCharsets.UTF_8);
  }
}
