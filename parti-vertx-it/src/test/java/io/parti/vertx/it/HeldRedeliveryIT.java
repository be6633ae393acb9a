package io.parti.vertx.it;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.JsStaticPublisher;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server delivers a message again that this consumer holds or has handled (it believes the first delivery lost:
 * after it restarted, when the in-progress acks that keep it alive were lost, or when the ack did not reach it): the
 * consumer handles it once, and the message is settled.
 */
@ExtendWith(NatsServerExtension.class)
class HeldRedeliveryIT {

  private static final StaticPartitionOptions ROUTING = new StaticPartitionOptions().setPartitions(2)
      .setSubjectPattern("hr.{{key}}.{{partition}}");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Message> handled = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Connection admin;

  @BeforeEach
  void setUp(NatsServer nats) throws Exception {
    Metrics.addRegistry(registry); // a Vert.x without Micrometer metrics: the consumer uses the global registry
    vertx = VertxTestSupport.vertx(VertxTestSupport.options());
    admin = Nats.connect(nats.url());
    admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("HR").subjects("hr.>")
        .storageType(StorageType.Memory).build());
  }

  @AfterEach
  void tearDown() throws Exception {
    Metrics.removeRegistry(registry);
    admin.close();
    sync(vertx.close());
  }

  @Test
  void aSecondDeliveryOfAMessageStillHeldIsNotHandled(NatsServer nats) throws Exception {
    Promise<Void> firstHandling = Promise.promise();
    try (Connection connection = Nats.connect(nats.url())) {
      JsStaticConsumer consumer = start(connection, new JsStaticConsumerOptions(),
          m -> handled.size() == 1 ? firstHandling.future() : Future.succeededFuture());
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

      // As the server does when it believes the delivery lost: it sends the message again, to the pull still open.
      admin.publish(handled.get(0).getReplyTo(), "-NAK".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(10)).until(() -> dropped(consumer) == 1);
      vertx.runOnContext(v -> firstHandling.complete());

      assertSettledAfterOneHandling(consumer);
    }
  }

  @Test
  void aMessageHandledHereWhoseAckWasLostIsAckedAgainNotHandled(NatsServer nats) throws Exception {
    try (FaultProxy proxy = FaultProxy.start(nats); Connection connection = Nats.connect(proxy.url())) {
      proxy.delayPublishesTo("$JS.ACK.>"); // the acks (and in-progress acks) stay on the wire
      JsStaticConsumer consumer = start(connection, new JsStaticConsumerOptions().setAckWait(Duration.ofSeconds(1)),
          m -> Future.succeededFuture());
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

      // The ack wait passes without the ack: the server sends the message again.
      await().atMost(Duration.ofSeconds(10)).until(() -> dropped(consumer) >= 1);
      proxy.pass();

      assertSettledAfterOneHandling(consumer);
    }
  }

  private JsStaticConsumer start(Connection connection, JsStaticConsumerOptions options,
                                 Function<Message, Future<?>> handler) throws Exception {
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, options.setRouting(ROUTING).setStream("HR")
        .setPartition(StaticPartitioner.create(2, 0).partition("k")).setFetchExpiry(Duration.ofSeconds(1)), m -> {
          handled.add(m);
          return handler.apply(m);
        });
    sync(consumer.start());
    sync(JsStaticPublisher.create(vertx, admin.jetStream(), ROUTING).publish("k", "once".getBytes(StandardCharsets.UTF_8)));
    return consumer;
  }

  private void assertSettledAfterOneHandling(JsStaticConsumer consumer) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        admin.jetStreamManagement().getConsumerInfo("HR", consumer.durable()).getNumAckPending() == 0);
    assertThat(handled).as("handlings of the one message").hasSize(1);
    assertThat(registry.get("parti.consumer.handled").tag("durable", consumer.durable()).counter().count()).isEqualTo(1);
    assertThat(registry.get("parti.consumer.pending").tag("durable", consumer.durable()).gauge().value()).isZero();
    sync(consumer.stop());
  }

  private double dropped(JsStaticConsumer consumer) {
    return registry.get("parti.consumer.dropped").tag("durable", consumer.durable()).counter().count();
  }

  private static <T> T sync(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
