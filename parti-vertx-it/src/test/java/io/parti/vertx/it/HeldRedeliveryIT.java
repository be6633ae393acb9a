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
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server delivers a message again while the first delivery is still held (after it restarted, or when the
 * in-progress acks that keep it alive were lost): the consumer handles it once, and settles it through the delivery it
 * holds.
 */
@ExtendWith(NatsServerExtension.class)
class HeldRedeliveryIT {

  @Test
  void aSecondDeliveryOfAMessageStillHeldIsNotHandled(NatsServer nats) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry); // a Vert.x without Micrometer metrics: the consumer uses the global registry
    Vertx vertx = VertxTestSupport.vertx(VertxTestSupport.options());
    try (Connection connection = Nats.connect(nats.url()); Connection server = Nats.connect(nats.url())) {
      connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("HR").subjects("hr.>")
          .storageType(StorageType.Memory).build());
      StaticPartitionOptions routing = new StaticPartitionOptions().setPartitions(2).setSubjectPattern("hr.{{key}}.{{partition}}");
      List<Message> handled = new CopyOnWriteArrayList<>();
      Promise<Void> firstHandling = Promise.promise();
      JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, new JsStaticConsumerOptions().setRouting(routing)
          .setStream("HR").setPartition(StaticPartitioner.create(2, 0).partition("k")).setFetchExpiry(Duration.ofSeconds(1)),
          m -> {
            handled.add(m);
            return handled.size() == 1 ? firstHandling.future() : Future.succeededFuture();
          });
      sync(consumer.start());
      sync(JsStaticPublisher.create(vertx, connection.jetStream(), routing).publish("k", "once".getBytes(StandardCharsets.UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

      // As the server does when it believes the delivery lost: it sends the message again, to the pull still open.
      server.publish(handled.get(0).getReplyTo(), "-NAK".getBytes(StandardCharsets.UTF_8));
      String durable = consumer.durable();
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("parti.consumer.dropped").tag("durable", durable)
          .counter().count() == 1);
      vertx.runOnContext(v -> firstHandling.complete());

      await().atMost(Duration.ofSeconds(10)).until(() ->
          connection.jetStreamManagement().getConsumerInfo("HR", durable).getNumAckPending() == 0);
      assertThat(handled).as("handlings of the one message").hasSize(1);
      assertThat(registry.get("parti.consumer.handled").tag("durable", durable).counter().count()).isEqualTo(1);
      assertThat(registry.get("parti.consumer.pending").tag("durable", durable).gauge().value()).isZero();
      sync(consumer.stop());
    } finally {
      Metrics.removeRegistry(registry);
      sync(vertx.close());
    }
  }

  private static <T> T sync(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
