package io.parti.vertx.it;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
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
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer's meters count each outcome of its messages, and go when it stops. */
@ExtendWith(NatsServerExtension.class)
class ConsumerMetricsIT {

  @Test
  void handledFailedRedeliveredAndTerminatedAreCountedPerPartition(NatsServer nats) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.addRegistry(registry); // a Vert.x without Micrometer metrics: the consumers use the global registry
    Vertx vertx = VertxTestSupport.vertx(VertxTestSupport.options());
    try (Connection connection = Nats.connect(nats.url())) {
      connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("CM").subjects("cm.>")
          .storageType(StorageType.Memory).build());
      StaticPartitionOptions routing = new StaticPartitionOptions().setPartitions(3).setSubjectPattern("cm.{{key}}.{{partition}}");
      int partition = StaticPartitioner.create(3, 0).partition("k");
      JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, new JsStaticConsumerOptions().setRouting(routing)
              .setStream("CM").setPartition(partition).setFetchExpiry(Duration.ofSeconds(1)).setMaxDeliver(2)
              .setNakDelay(Duration.ofMillis(50)),
          m -> "poison".equals(new String(m.getData(), StandardCharsets.UTF_8)) ? Future.failedFuture("poison") : Future.succeededFuture());
      sync(consumer.start());
      JsStaticPublisher publisher = JsStaticPublisher.create(vertx, connection.jetStream(), routing);
      for (String body : new String[] {"ok", "poison", "ok"}) {
        sync(publisher.publish("k", body.getBytes(StandardCharsets.UTF_8)));
      }

      String durable = consumer.durable();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(count(registry, "parti.consumer.handled", durable)).isEqualTo(2);
        assertThat(count(registry, "parti.consumer.failed", durable)).as("both deliveries of the poison").isEqualTo(2);
        assertThat(count(registry, "parti.consumer.redelivered", durable)).isEqualTo(1);
        assertThat(count(registry, "parti.consumer.terminated", durable)).isEqualTo(1);
        assertThat(registry.get("parti.consumer.pending").tag("durable", durable).gauge().value()).isZero();
      });
      assertThat(registry.get("parti.consumer.handler").tag("durable", durable).tag("consumer", "static-jetstream")
          .tag("partition", Integer.toString(partition)).timer().count()).isEqualTo(4);

      sync(consumer.stop());
      assertThat(registry.getMeters()).extracting(Meter::getId).filteredOn(id -> id.getName().startsWith("parti.consumer.")).isEmpty();
    } finally {
      Metrics.removeRegistry(registry);
      sync(vertx.close());
    }
  }

  private static double count(SimpleMeterRegistry registry, String name, String durable) {
    return registry.get(name).tag("durable", durable).counter().count();
  }

  private static <T> T sync(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
