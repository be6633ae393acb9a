package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionEditor;
import io.parti.vertx.source.PartitionSource;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Three coordinators on a KV partition source: partitions come and go at runtime, bad values are ignored. */
class KvSourceIT extends FleetTest {

  @Test
  void partitionsAddedAndRemovedAtRuntimeAreDeployedAndUndeployed(NatsServer nats) throws Exception {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    String bucket = "src-" + System.nanoTime();
    Vertx vertx = VertxTestSupport.vertx();
    try (Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build());
         Fleet fleet = new Fleet(PartiOptions.fast(),
             () -> PartitionSource.kv(bucket, "partitions").exceptionHandler(errors::add), AssignmentStrategy.stickyBalanced())) {
      PartitionEditor editor = PartitionEditor.create(vertx, connection, bucket, "partitions");
      Fleet.await(editor.add(partitions(0, 10)));
      for (int i = 0; i < 3; i++) {
        fleet.startAsync(nats.url(), PartiOptions.fast());
      }
      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.registry.exactlyOnce(ids(0, 10), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
      AssignmentLog log = fleet.assignmentLog(nats.url());

      // Ten new partitions land together in one commit: one rebalance.
      Fleet.await(editor.add(partitions(10, 20)));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(ids(0, 20), fleet.liveWorkerIds()));
      List<AssignmentRecord> records = log.records();
      AssignmentRecord first = records.stream().filter(r -> r.slots().keySet().containsAll(ids(10, 20))).findFirst().orElseThrow();
      assertThat(first.slots().keySet()).containsAll(ids(10, 20));
      assertThat(records.stream().filter(r -> r.slots().keySet().stream().anyMatch(ids(10, 20)::contains)).findFirst().orElseThrow())
          .as("the first record with any new partition has them all").isSameAs(first);

      // Removing some undeploys them.
      Fleet.await(editor.remove(partitions(0, 5)));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(ids(5, 20), fleet.liveWorkerIds()));

      // A malformed value is ignored: the last good list stays, and the error is reported.
      try (Connection intruder = Nats.connect(nats.url())) {
        intruder.keyValue(bucket).put("partitions", "{not a list".getBytes(StandardCharsets.UTF_8));
      }
      fleet.awaitUntil(Duration.ofSeconds(5), () -> !errors.isEmpty());
      assertThat(errors.get(0)).hasMessageContaining("partitions");
      assertThat(fleet.registry.exactlyOnce(ids(5, 20), fleet.liveWorkerIds())).isTrue();
      assertThat(fleet.registry.overlaps()).isEmpty();
    } finally {
      Fleet.await(vertx.close());
    }
  }

  @Test
  void twoConcurrentEditorsBothLandTheirChanges(NatsServer nats) throws Exception {
    String bucket = "edit-" + System.nanoTime();
    Vertx vertx = VertxTestSupport.vertx();
    try (Connection a = Nats.connect(nats.url()); Connection b = Nats.connect(nats.url())) {
      PartitionEditor first = PartitionEditor.create(vertx, a, bucket, "partitions");
      PartitionEditor second = PartitionEditor.create(vertx, b, bucket, "partitions");
      List<Future<List<Partition>>> edits = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        edits.add(first.add(List.of(Partition.of("a" + i))));
        edits.add(second.add(List.of(Partition.of("b" + i))));
      }
      Fleet.await(Future.all(edits));
      Set<String> stored = Fleet.await(first.get()).stream().map(Partition::id).collect(Collectors.toCollection(TreeSet::new));
      assertThat(stored).hasSize(40);
      assertThat(stored).contains("a0", "a19", "b0", "b19");
    } finally {
      Fleet.await(vertx.close());
    }
  }

  /** What callers see of a failure is the API's exception, of a kind they can act on. */
  @Test
  void anEditorWithoutNatsFailsWithTheApisUnavailable(NatsServer nats) throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    try {
      Connection closed = Nats.connect(nats.url());
      closed.close();
      PartitionEditor editor = PartitionEditor.create(vertx, closed, "edit-closed", "partitions");
      Future<List<Partition>> edit = editor.add(List.of(Partition.of("a")));
      Fleet.await(edit.otherwiseEmpty());
      Throwable failure = edit.cause();
      assertThat(failure).isInstanceOf(PartiException.Unavailable.class).hasMessageContaining("edit-closed");
    } finally {
      Fleet.await(vertx.close());
    }
  }

  private static List<Partition> partitions(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> Partition.of("orders", Integer.toString(i))).collect(Collectors.toList());
  }

  private static Set<String> ids(int from, int to) {
    return partitions(from, to).stream().map(Partition::id).collect(Collectors.toCollection(TreeSet::new));
  }
}
