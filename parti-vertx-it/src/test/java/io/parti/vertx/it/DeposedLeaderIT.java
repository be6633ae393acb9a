package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionEditor;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.testkit.VertxTestSupport;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader's commit stays in flight across its deposition: its lease ends, another worker takes over, and only then
 * does the commit reach the server. It must not land: the new leader's first act, the fencing commit, moved the
 * revision it expects. The commit adds a partition that was taken out of the list again meanwhile, and the old
 * leader keeps beating, so the new leader itself has nothing to commit: without the fencing commit, the late one
 * would land.
 */
class DeposedLeaderIT extends FleetTest {

  private static final PartiOptions FAST = PartiOptions.fast();
  private static final Partition LATE = Partition.of("late");

  @Test
  void aCommitInFlightAcrossTheTakeoverDoesNotLand(NatsServer nats) throws Exception {
    String bucket = "deposed-" + System.nanoTime();
    Fleet fleet = new Fleet(FAST, () -> PartitionSource.kv(bucket, "partitions"), AssignmentStrategy.stickyBalanced());
    Vertx editorVertx = VertxTestSupport.vertx();
    try (fleet; FaultProxy proxy = FaultProxy.start(nats); Connection editing = Nats.connect(nats.url());
         Connection reading = Nats.connect(nats.url())) {
      PartitionEditor editor = PartitionEditor.create(editorVertx, editing, bucket, "partitions");
      Fleet.await(editor.add(IntStream.range(0, 8).mapToObj(i -> Partition.of("p" + i)).toList()));
      Fleet.Worker old = Fleet.await(fleet.startAsync(proxy.url(), FAST));
      assertThat(old.coordinator.isLeader()).isTrue();
      fleet.start(nats.url());
      fleet.start(nats.url());
      AssignmentLog log = fleet.assignmentLog(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().size() == 3 && log.last() != null
          && log.last().slots().size() == 8);
      long oldEpoch = log.last().leaderEpoch();

      // The old leader's commits and lease renewals wait on the wire from now on; everything else it sends and is
      // sent gets through, its heartbeats included (the new leader has no reason to change anything). It sees the
      // list grow and commits the new partition; then the partition is taken out again.
      String commitSubject = "$KV." + fleet.group + "-assign.assignment";
      proxy.delayPublishesTo(commitSubject, "$KV." + fleet.group + "-leader.leader");
      Fleet.await(editor.add(List.of(LATE)));
      fleet.awaitUntil(Duration.ofSeconds(5), () -> proxy.holds(commitSubject));
      Fleet.await(editor.remove(List.of(LATE)));

      // A new leader's first act is its fencing commit, a record of its own epoch. (It may land before the new leader
      // reports itself leader, and it may be the only record the new leader writes: look for it, not for a change.)
      fleet.awaitUntil(Duration.ofSeconds(15), () -> log.records().stream().anyMatch(r -> r.leaderEpoch() > oldEpoch));
      int atTakeover = firstOfEpochAbove(log.records(), oldEpoch);
      proxy.pass();
      // The flush's ping follows the held bytes on the same connection: once it is answered, the server has judged
      // the held commit. Then the log has read everything stored.
      old.connection.flush(Duration.ofSeconds(10));
      KeyValue assignments = reading.keyValue(fleet.group + "-assign");
      long stored = AssignmentCodec.decode(assignments.get("assignment").getValue()).version();
      fleet.awaitUntil(Duration.ofSeconds(5), () -> log.last().version() >= stored);

      List<AssignmentRecord> after = log.records().subList(atTakeover, log.records().size());
      assertThat(after).as("records landed after the takeover").isNotEmpty()
          .allSatisfy(r -> assertThat(r.leaderEpoch()).as("epoch of a record after the takeover").isGreaterThan(oldEpoch));
      assertThat(log.records()).as("no record ever assigned the partition that was added and taken out")
          .noneMatch(r -> r.slots().containsKey(LATE.id()));
      assertThat(fleet.workers().stream().filter(w -> w.coordinator.isLeader())).hasSize(1);
    } finally {
      Fleet.await(editorVertx.close());
    }
  }

  private static int firstOfEpochAbove(List<AssignmentRecord> records, long epoch) {
    return IntStream.range(0, records.size()).filter(i -> records.get(i).leaderEpoch() > epoch).findFirst().orElseThrow();
  }
}
