package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.Partition;
import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.source.PartitionEditor;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.JsStaticPublisher;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.StaticPublisher;
import io.parti.vertx.statics.StaticSubscriber;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The roles of docs/security.md beside the coordinator, read from the page and given to a real nats-server: a
 * partition-list editor changes the list a fleet runs and nothing else (and coordinators cannot change the list); a
 * static publisher and static consumers move messages core and JetStream, and neither can do the other's part.
 */
class RoleSecurityIT extends FleetTest {

  private static final PartiOptions OPTIONS = PartiOptions.fast();

  @Test
  void theEditorChangesTheListTheFleetRunsAndNothingElse() throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    List<String> editorErrors = new CopyOnWriteArrayList<>();
    String[] bucket = new String[1];
    try (Fleet fleet = new Fleet(OPTIONS, () -> PartitionSource.kv(bucket[0], "partitions"), AssignmentStrategy.stickyBalanced());
         NatsServer nats = NatsServer.startWith(serverConfig(fleet.group));
         Connection editing = SecurityIT.connect(nats, "editor", "editor-secret", editorErrors);
         Connection coordinating = SecurityIT.connect(nats, "orders-coordinator", "change-me", new CopyOnWriteArrayList<>())) {
      bucket[0] = fleet.group + "-partitions";
      PartitionEditor editor = PartitionEditor.create(vertx, editing, bucket[0], "partitions");
      Fleet.await(editor.add(partitions(0, 6)));
      for (int i = 0; i < 2; i++) {
        Fleet.await(fleet.startAsync(nats.url(), OPTIONS, builder -> builder.userInfo("orders-coordinator", "change-me")));
      }
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(ids(0, 6), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);

      Fleet.await(editor.add(partitions(6, 9)));
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(ids(0, 9), fleet.liveWorkerIds()));
      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(nats.logTail(2000)).as("nothing the editor or the coordinators did was refused").doesNotContain("Violation");

      assertThatThrownBy(() -> editing.keyValue(fleet.group + "-assign").put("assignment", "{}".getBytes(StandardCharsets.UTF_8)))
          .as("the editor writes the assignment");
      assertThat(editorErrors).anyMatch(e -> e.contains("Permissions Violation for Publish to \"$JS.API.STREAM.INFO.KV_"
          + fleet.group + "-assign\""));
      Throwable refused = Fleet.await(PartitionEditor.create(vertx, coordinating, bucket[0], "partitions").add(partitions(9, 10))
          .transform(ar -> Future.succeededFuture(ar.cause())));
      assertThat(refused).as("a coordinator edits the list").isInstanceOf(PartiException.Forbidden.class)
          .hasMessageContaining("$KV." + bucket[0] + ".partitions");
      assertThat(Fleet.await(editor.get())).as("the list").isEqualTo(partitions(0, 9));
    } finally {
      Fleet.await(vertx.close());
    }
  }

  @Test
  void staticPublishersAndConsumersDoTheirPartOnly() throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    int partitions = 4;
    int messages = 200;
    StaticPartitionOptions routing = new StaticPartitionOptions().setPartitions(partitions)
        .setSubjectPattern("orders.{{key}}.{{partition}}");
    Set<String> viaJetStream = ConcurrentHashMap.newKeySet();
    Set<String> viaCore = ConcurrentHashMap.newKeySet();
    List<String> publisherErrors = new CopyOnWriteArrayList<>();
    List<String> consumerErrors = new CopyOnWriteArrayList<>();
    List<JsStaticConsumer> consumers = new ArrayList<>();
    try (NatsServer nats = NatsServer.startWith(serverConfig("unused"));
         Connection admin = SecurityIT.connect(nats, "admin", "admin-secret", new CopyOnWriteArrayList<>());
         Connection publishing = SecurityIT.connect(nats, "publisher", "publisher-secret", publisherErrors);
         Connection consuming = SecurityIT.connect(nats, "consumer", "consumer-secret", consumerErrors)) {
      admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.js.>")
          .storageType(StorageType.Memory).build());
      StaticPartitionOptions jsRouting = new StaticPartitionOptions(routing).setSubjectPattern("orders.js.{{key}}.{{partition}}");
      for (int p = 0; p < partitions; p++) {
        JsStaticConsumer consumer = JsStaticConsumer.create(vertx, consuming,
            new JsStaticConsumerOptions().setRouting(jsRouting).setStream("ORDERS").setPartition(p),
            message -> Future.succeededFuture(viaJetStream.add(new String(message.getData(), StandardCharsets.UTF_8))));
        Fleet.await(consumer.start());
        consumers.add(consumer);
      }
      StaticSubscriber subscriber = StaticSubscriber.create(vertx, consuming,
          new StaticConsumerOptions().setRouting(routing).setPartition(0),
          message -> Future.succeededFuture(viaCore.add(new String(message.getData(), StandardCharsets.UTF_8))));
      Fleet.await(subscriber.start());

      JsStaticPublisher js = JsStaticPublisher.create(vertx, publishing.jetStream(), jsRouting);
      StaticPublisher core = StaticPublisher.create(publishing, routing);
      List<Future<?>> acks = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        acks.add(js.publish("customer-" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        core.publish("customer-" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      }
      Fleet.await(Future.all(acks));
      publishing.flush(Duration.ofSeconds(5));
      StaticPartitioner partitioner = StaticPartitioner.create(partitions, StaticPartitioner.DEFAULT_SEED);
      Set<String> coreToPartition0 = IntStream.range(0, messages).filter(i -> partitioner.partition("customer-" + i) == 0)
          .mapToObj(Integer::toString).collect(Collectors.toSet());
      await().atMost(Duration.ofSeconds(20)).until(() -> viaJetStream.size() == messages && viaCore.equals(coreToPartition0));
      assertThat(nats.logTail(2000)).as("nothing the publisher or the consumers did was refused").doesNotContain("Violation");

      publishing.subscribe("orders.>");
      publishing.flush(Duration.ofSeconds(5));
      consuming.publish("orders.x.0", new byte[0]);
      consuming.flush(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(5)).until(() -> !publisherErrors.isEmpty() && !consumerErrors.isEmpty());
      assertThat(publisherErrors).as("the publisher reads the work subjects")
          .anyMatch(e -> e.contains("Permissions Violation for Subscription to \"orders.>\""));
      assertThat(consumerErrors).as("a consumer publishes to the work subjects")
          .anyMatch(e -> e.contains("Permissions Violation for Publish to \"orders.x.0\""));
      Fleet.await(subscriber.stop());
    } finally {
      for (JsStaticConsumer consumer : consumers) {
        Fleet.await(consumer.stop());
      }
      Fleet.await(vertx.close());
    }
  }

  /** The page's coordinator, editor, static publisher and static consumer blocks for the group, and their users. */
  private static String serverConfig(String group) throws Exception {
    String roles = String.join("\n", SecurityDoc.block("coordinator"), SecurityDoc.block("partition-list-editor"),
        SecurityDoc.block("static-publisher"), SecurityDoc.block("static-consumer")).replace("orders-", group + "-");
    return roles + "\nauthorization {\n  users: [\n"
        + "    { user: \"orders-coordinator\", password: \"change-me\", permissions: $ORDERS_COORDINATOR }\n"
        + "    { user: \"editor\", password: \"editor-secret\", permissions: $ORDERS_PARTITION_EDITOR }\n"
        + "    { user: \"publisher\", password: \"publisher-secret\", permissions: $ORDERS_STATIC_PUBLISHER }\n"
        + "    { user: \"consumer\", password: \"consumer-secret\", permissions: $ORDERS_STATIC_CONSUMER }\n"
        + "    { user: \"admin\", password: \"admin-secret\" }\n"
        + "  ]\n}\n";
  }

  private static List<Partition> partitions(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> Partition.of("orders", Integer.toString(i))).collect(Collectors.toList());
  }

  private static Set<String> ids(int from, int to) {
    return partitions(from, to).stream().map(Partition::id).collect(Collectors.toCollection(TreeSet::new));
  }
}
