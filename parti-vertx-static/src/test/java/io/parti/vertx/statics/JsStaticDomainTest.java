package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.parti.vertx.statics.Sync.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A JetStream consumer reaches its stream through the domain it is given (a leaf node's hub, say). */
@ExtendWith(VertxExtensionSupport.class)
class JsStaticDomainTest {

  @Test
  void theConsumerUsesTheJetStreamDomainItIsGiven(Vertx vertx) throws Exception {
    try (NatsServer hub = NatsServer.startInDomain("hub"); Connection connection = Nats.connect(hub.url())) {
      JetStreamOptions inHub = JetStreamOptions.builder().domain("hub").build();
      connection.jetStreamManagement(inHub).addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>")
          .storageType(StorageType.Memory).build());
      StaticPartitionOptions routing = new StaticPartitionOptions().setPartitions(1).setSubjectPattern("orders.{{partition}}");
      Set<String> handled = ConcurrentHashMap.newKeySet();
      JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection,
          new JsStaticConsumerOptions().setRouting(routing).setStream("ORDERS").setPartition(0).setDomain("hub"), m -> {
            handled.add(new String(m.getData(), StandardCharsets.UTF_8));
            return Future.succeededFuture();
          });
      sync(consumer.start());
      connection.jetStream(inHub).publish("orders.0", "o-1".getBytes(StandardCharsets.UTF_8));
      await().atMost(10, TimeUnit.SECONDS).until(() -> handled.contains("o-1"));
      sync(consumer.stop());

      // A domain nobody serves: the start fails, it does not fall back to the account's own API.
      JsStaticConsumer lost = JsStaticConsumer.create(vertx, connection,
          new JsStaticConsumerOptions().setRouting(routing).setStream("ORDERS").setPartition(0).setDomain("elsewhere"),
          m -> Future.succeededFuture());
      assertThatThrownBy(() -> sync(lost.start())).isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void aDomainAndAnApiPrefixTogetherAreRefused() {
    assertThatThrownBy(() -> new JsStaticConsumerOptions().setRouting(new StaticPartitionOptions().setPartitions(1)
        .setSubjectPattern("o.{{partition}}")).setStream("S").setDomain("hub").setApiPrefix("$JS.other.API.").validate())
        .hasMessageStartingWith("domain and apiPrefix must not both be set");
  }
}
