package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.parti.vertx.statics.Sync.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every class of key goes over the wire and comes back as itself, in the subject and in the key header, through core
 * NATS and JetStream: the consumer reads it with {@link SubjectPattern#keyOf} or {@link SubjectPattern#keyOfHeader}.
 */
@ExtendWith({NatsServerExtension.class, VertxExtensionSupport.class})
class KeyRoundTripTest {

  /** ASCII, separators and wildcards, whitespace, CR and LF, '%', Latin-1, CJK, a surrogate pair, and the empty key. */
  private static final List<String> KEYS = List.of("plain", "a.b", "*", ">", "with space", "cr\rlf\n", "%25", "café", "日本",
      "🎉 party", "");

  private Connection connection;

  @BeforeEach
  void connect(NatsServer nats) throws Exception {
    connection = Nats.connect(nats.url());
  }

  @AfterEach
  void close() throws InterruptedException {
    connection.close();
  }

  private static StaticPartitionOptions routing(String pattern) {
    return new StaticPartitionOptions().setPartitions(1).setSubjectPattern(pattern).setKeyEscaping(KeyEscaping.PERCENT)
        .setKeyHeader("Parti-Key");
  }

  /** What the consumer reads as each message's key, by the index sent as payload. */
  private static Map<Integer, String> received(Map<Integer, String> into, SubjectPattern pattern, Message m, boolean fromHeader) {
    int index = Integer.parseInt(new String(m.getData(), StandardCharsets.UTF_8));
    String key = fromHeader ? pattern.keyOfHeader(m.getHeaders().getFirst("Parti-Key")) : pattern.keyOf(m.getSubject());
    into.put(index, key == null ? "<null>" : key);
    return into;
  }

  private static Map<Integer, String> expected() {
    Map<Integer, String> keys = new ConcurrentHashMap<>();
    for (int i = 0; i < KEYS.size(); i++) {
      keys.put(i, KEYS.get(i));
    }
    return keys;
  }

  @Test
  void everyKeyComesBackAsItselfThroughCoreNats(Vertx vertx) throws Exception {
    for (boolean fromHeader : new boolean[] {false, true}) {
      StaticPartitionOptions routing = routing(fromHeader ? "core.rt.h.{{partition}}" : "core.rt.{{key}}.{{partition}}");
      SubjectPattern pattern = SubjectPattern.create(routing.getSubjectPattern(), 1, KeyEscaping.PERCENT);
      Map<Integer, String> got = new ConcurrentHashMap<>();
      StaticSubscriber subscriber = StaticSubscriber.create(vertx, connection, new StaticConsumerOptions().setRouting(routing)
          .setPartition(0), m -> {
            received(got, pattern, m, fromHeader);
            return Future.succeededFuture();
          });
      sync(subscriber.start());
      StaticPublisher publisher = StaticPublisher.create(connection, routing);
      for (int i = 0; i < KEYS.size(); i++) {
        publisher.publish(KEYS.get(i), Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> got.size() == KEYS.size());
      assertThat(got).as(fromHeader ? "key header" : "subject").isEqualTo(expected());
      sync(subscriber.stop());
    }
  }

  @Test
  void everyKeyComesBackAsItselfThroughJetStream(Vertx vertx) throws Exception {
    connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("RT").subjects("js.rt.>")
        .storageType(StorageType.Memory).build());
    for (boolean fromHeader : new boolean[] {false, true}) {
      StaticPartitionOptions routing = routing(fromHeader ? "js.rt.h.{{partition}}" : "js.rt.{{key}}.{{partition}}");
      SubjectPattern pattern = SubjectPattern.create(routing.getSubjectPattern(), 1, KeyEscaping.PERCENT);
      Map<Integer, String> got = new ConcurrentHashMap<>();
      JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, new JsStaticConsumerOptions().setRouting(routing)
          .setStream("RT").setPartition(0).setFetchExpiry(java.time.Duration.ofSeconds(1)), m -> {
            received(got, pattern, m, fromHeader);
            return Future.succeededFuture();
          });
      sync(consumer.start());
      JsStaticPublisher publisher = JsStaticPublisher.create(vertx, connection.jetStream(), routing);
      List<Future<?>> acks = new ArrayList<>();
      for (int i = 0; i < KEYS.size(); i++) {
        acks.add(publisher.publish(KEYS.get(i), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      sync(Future.all(acks));
      await().atMost(10, TimeUnit.SECONDS).until(() -> got.size() == KEYS.size());
      assertThat(got).as(fromHeader ? "key header" : "subject").isEqualTo(expected());
      sync(consumer.stop());
    }
  }

  @Test
  void withoutEscapingAKeyThatCannotTravelIsRefusedPointingToTheEscapingMode() {
    StaticPublisher inHeader = StaticPublisher.create(connection, new StaticPartitionOptions().setPartitions(1)
        .setSubjectPattern("core.rt.r.{{partition}}").setKeyHeader("Parti-Key"));
    for (String key : List.of("café", "cr\r", "lf\n")) {
      assertThatThrownBy(() -> inHeader.publish(key, new byte[0])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("header value").hasMessageContaining("KeyEscaping.PERCENT");
    }
    inHeader.publish("a.b *>", new byte[0]); // ASCII travels in a header as it is
    StaticPublisher inSubject = StaticPublisher.create(connection, new StaticPartitionOptions().setPartitions(1)
        .setSubjectPattern("core.rt.{{key}}.{{partition}}"));
    assertThatThrownBy(() -> inSubject.publish("日本", new byte[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-ASCII").hasMessageContaining("KeyEscaping.PERCENT");
  }
}
