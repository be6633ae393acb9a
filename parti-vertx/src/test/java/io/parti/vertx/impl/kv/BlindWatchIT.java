package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.parti.vertx.impl.kv.NatsKvBucketIT.bytes;
import static io.parti.vertx.impl.kv.NatsKvBucketIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch that cannot be made again (after node kills a cluster may lose its meta leader, which making a consumer
 * needs, for a minute and more, while the stream still answers reads): a watch of one key still sees the key change.
 */
@ExtendWith(NatsServerExtension.class)
class BlindWatchIT {

  @Test
  void aWatchOfOneKeyReadsItWhileNoConsumerCanBeMade(NatsServer nats) throws Exception {
    VertxTestSupport.clearBlockedThreadWarnings();
    Vertx vertx = VertxTestSupport.vertx();
    try (FaultProxy proxy = FaultProxy.start(nats);
         Connection watching = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(proxy.url()).build());
         Connection admin = Nats.connect(nats.url())) {
      OnContext on = new OnContext(vertx.getOrCreateContext());
      NatsKvBucket store = on.get(() -> KvBuckets.open(vertx, watching, "blind", Duration.ZERO, 1, 1, Duration.ofSeconds(2)));
      on.get(() -> store.put("k", bytes("before")));
      List<String> seen = new CopyOnWriteArrayList<>();
      KvWatch watch = on.make(() -> store.watch("k", entry -> seen.add(text(entry))));
      on.get(watch::start);
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("before"));

      // Everything passes but the making of consumers; the watch's connection comes back at once, its consumer is gone.
      proxy.delayPublishesTo("$JS.API.CONSUMER.CREATE.>", "$JS.API.CONSUMER.DURABLE.CREATE.>");
      proxy.closeAll();
      JetStreamManagement jsm = admin.jetStreamManagement();
      for (String consumer : jsm.getConsumerNames("KV_blind")) {
        jsm.deleteConsumer("KV_blind", consumer);
      }
      admin.keyValue("blind").put("k", "while blind".getBytes(StandardCharsets.UTF_8));

      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("while blind"));
      assertThat(proxy.holds("$JS.API.CONSUMER.CREATE.")).as("the watch tried to make a consumer, and could not").isTrue();
      assertThat(jsm.getConsumerNames("KV_blind")).as("no consumer made meanwhile").isEmpty();
      assertThat(seen).containsExactly("before", "while blind");
      on.get(watch::close);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    VertxTestSupport.assertNoBlockedThreads();
  }
}
