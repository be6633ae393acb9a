package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader bucket loses its history while the assignment bucket keeps its own (a replicated stream that came back
 * behind after a node kill, as nats-server 2.9 was seen to do in the chaos run; here: the stream created anew): the
 * next leader wins the key at a revision below the epoch of the record the fleet runs. Its records, of an older epoch
 * stored after a newer one, are a real leader's: the leader key no longer reaches the newer epoch. The fleet takes
 * them and goes on changing.
 */
class LeaderStoreLossIT extends FleetTest {

  /** One leader; every live worker STABLE on its version; every partition runs once. */
  private static boolean settled(Fleet fleet, List<Fleet.Worker> live) {
    long leaders = live.stream().filter(w -> w.coordinator.isLeader()).count();
    return leaders == 1 && live.stream().allMatch(w -> w.coordinator.state() == WorkerState.STABLE
        && w.coordinator.assignmentVersion() == fleet.leader().coordinator.assignmentVersion())
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds());
  }

  @Test
  void aLeaderOfALowerEpochAfterTheLeaderBucketLostItsHistoryIsFollowed(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast();
    try (Fleet fleet = new Fleet(options, 12); Connection admin = Nats.connect(nats.url())) {
      fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(20));
      // Raise the leader bucket's revisions, then make a leader win there: its epoch is far above a new stream's.
      KeyValue leaderBucket = admin.keyValue(options.setGroup(fleet.group).leaderBucket());
      for (int i = 0; i < 30; i++) {
        leaderBucket.put("unrelated", new byte[] {1});
      }
      fleet.leader().crash();
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.leader() != null
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      long before = fleet.leader().coordinator.assignmentVersion();

      // That leader dies with the leader bucket's history: nobody is left who holds the higher epoch.
      fleet.leader().crash();
      JetStreamManagement jsm = admin.jetStreamManagement();
      String stream = "KV_" + options.leaderBucket();
      StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
      jsm.deleteStream(stream);
      jsm.addStream(config);

      // A joining worker needs a record of the new leader's term, of a lower epoch, to get its share.
      Fleet.Worker joined = fleet.start(nats.url());
      List<Fleet.Worker> live = fleet.workers().stream().filter(w -> !w.gone).toList();
      fleet.awaitUntil(Duration.ofSeconds(30), () -> settled(fleet, live) && fleet.registry.byWorker().containsKey(joined.id()));
      long settledAt = fleet.leader().coordinator.assignmentVersion();
      assertThat(settledAt).isGreaterThan(before);
      // Settled for good: one leader, whose records every worker takes (a fleet that refuses them has two leaders
      // overwriting each other, or one that is never followed).
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> settled(fleet, live)
          && fleet.leader().coordinator.assignmentVersion() == settledAt);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
