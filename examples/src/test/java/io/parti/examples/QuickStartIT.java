package io.parti.examples;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.parti.vertx.Partition;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link QuickStart} runs as written against a real nats-server: it creates its stream, handles messages of every
 * partition with the partition's epoch, acks them, and its shutdown hook undeploys the coordinator before it closes
 * Vert.x and then the connection.
 */
@ExtendWith(NatsServerExtension.class)
class QuickStartIT {

  @Test
  void handlesMessagesOfItsPartitionsAndLeavesBeforeClosingVertx(NatsServer server) throws Exception {
    VertxTestSupport.options();                       // installs the recorder of every Vert.x instance's blocked threads
    VertxTestSupport.clearBlockedThreadWarnings();
    List<String> log = new CopyOnWriteArrayList<>();

    QuickStart.Running running = QuickStart.start(server.url(), log::add);
    Connection client = Nats.connect(Options.builder().server(server.url()).connectionTimeout(Duration.ofSeconds(2)).build());
    try {
      assertThat(running.coordinator().assignment())
          .as("a lone worker runs every partition once deployed")
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 8).mapToObj(i -> Partition.of(Integer.toString(i))).toList());
      JetStreamManagement jsm = client.jetStreamManagement();
      assertThat(jsm.getStreamInfo("ORDERS").getConfiguration().getSubjects()).containsExactly("orders.>");

      client.jetStream().publish("orders.3.x", "order 1".getBytes(StandardCharsets.UTF_8));
      client.jetStream().publish("orders.0.a", "order 2".getBytes(StandardCharsets.UTF_8));
      client.jetStream().publish("orders.7.b.c", "order 3".getBytes(StandardCharsets.UTF_8));

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log)
          .filteredOn(line -> line.startsWith("partition "))
          .hasSize(3)
          .anyMatch(line -> line.matches("partition 3 epoch [1-9][0-9]*: orders\\.3\\.x order 1"))
          .anyMatch(line -> line.matches("partition 0 epoch [1-9][0-9]*: orders\\.0\\.a order 2"))
          .anyMatch(line -> line.matches("partition 7 epoch [1-9][0-9]*: orders\\.7\\.b\\.c order 3")));
      // The succeeded futures acked them: the partitions' durables (group "orders", partition id) hold nothing.
      for (String durable : List.of("orders-3", "orders-0", "orders-7")) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          ConsumerInfo info = jsm.getConsumerInfo("ORDERS", durable);
          assertThat(info.getNumAckPending()).as(durable + " ack pending").isZero();
          assertThat(info.getNumPending()).as(durable + " pending").isZero();
          assertThat(info.getDelivered().getConsumerSequence()).as(durable + " delivered").isEqualTo(1);
        });
      }
    } finally {
      try {
        client.close();
      } finally {
        running.stop();                               // runs the shutdown hook, as SIGTERM would
      }
    }

    assertThat(log.stream().filter(line -> !line.startsWith("partition ")))
        .as("the shutdown hook's steps, in order")
        .containsExactly("coordinator undeployed: partitions handed off, worker id released",
            "Vert.x closed",
            "NATS connection closed");
    assertThat(running.coordinator().state()).isEqualTo(WorkerState.SHUTDOWN);
    assertThat(running.coordinator().assignment()).isEmpty();
    assertThat(running.nats().getStatus()).isEqualTo(Connection.Status.CLOSED);
    assertThat(running.shutdownHook().isAlive()).isFalse();
    VertxTestSupport.assertNoBlockedThreads();
  }
}
