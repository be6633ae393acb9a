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
 * One coordination bucket loses its history while the others keep theirs (a replicated stream that came back behind
 * after a node kill, as nats-server 2.9.10 did in the chaos runs; here: the stream created anew under the fleet). What
 * was compared by revision across it must not lock the fleet out: a leader of a lower epoch, ids claimed again at lower
 * revisions.
 */
class BucketHistoryLossIT extends FleetTest {

  /** One leader; every live worker STABLE on its version; every partition runs once. */
  private static boolean settled(Fleet fleet, List<Fleet.Worker> live) {
    long leaders = live.stream().filter(w -> w.coordinator.isLeader()).count();
    return leaders == 1 && live.stream().allMatch(w -> w.coordinator.state() == WorkerState.STABLE
        && w.coordinator.assignmentVersion() == fleet.leader().coordinator.assignmentVersion())
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds());
  }

  /**
   * The next leader wins the key at a revision below the epoch of the record the fleet runs. Its records, of an older
   * epoch stored after a newer one, are a real leader's: the leader bucket no longer reaches the newer epoch.
   */
  @Test
  void aLeaderOfALowerEpochAfterTheLeaderBucketLostItsHistoryIsFollowed(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast();
    try (Fleet fleet = new Fleet(options, 12); Connection admin = Nats.connect(nats.url())) {
      fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(20));
      // Raise the leader bucket's revisions, then make a leader win there: its epoch is far above a new stream's.
      pad(admin, options.setGroup(fleet.group).leaderBucket());
      fleet.leader().crash();
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.leader() != null
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      long before = fleet.leader().coordinator.assignmentVersion();

      // That leader dies with the leader bucket's history: nobody is left who holds the higher epoch.
      fleet.leader().crash();
      recreate(admin, options.leaderBucket());

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

  /**
   * The ids bucket loses its history under a running fleet: every lease renewed in it since is lost (the leader's too,
   * so its successor starts afresh), and the instances claim ids again, at revisions below the claims seen before. The
   * fleet comes back whole and stays so. (A leader that keeps its term through such a loss is ClaimHistoryLossTest's
   * case, in the simulation, which can lose a stream's tail without losing every lease.)
   */
  @Test
  void theFleetComesBackWholeAfterTheIdsBucketLostItsHistory(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast();
    try (Fleet fleet = new Fleet(options, 12); Connection admin = Nats.connect(nats.url())) {
      fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(20));
      KeyValue idsBucket = pad(admin, options.setGroup(fleet.group).idsBucket());
      // A follower's id is claimed again, above revision 30, once its lease is over.
      Fleet.Worker first = fleet.workers().stream().filter(w -> !w.coordinator.isLeader()).findFirst().orElseThrow();
      String id = first.id();
      first.crash();
      await().atMost(Duration.ofSeconds(15)).until(() -> idsBucket.get(id) == null);
      Fleet.Worker second = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(20), () -> id.equals(second.id()) && fleet.registry.byWorker().containsKey(id)
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));

      // It dies with the bucket's history; the next claim of its id lands at a revision below 30.
      second.crash();
      recreate(admin, options.idsBucket());
      Fleet.Worker third = fleet.start(nats.url());

      List<Fleet.Worker> live = fleet.workers().stream().filter(w -> !w.gone).toList();
      fleet.awaitUntil(Duration.ofSeconds(30), () -> settled(fleet, live) && fleet.registry.byWorker().size() == 3);
      long settledAt = fleet.leader().coordinator.assignmentVersion();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> settled(fleet, live)
          && fleet.leader().coordinator.assignmentVersion() == settledAt);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  /** Writes 30 values of a key nobody reads to a bucket: what it stores next gets a revision above 30. */
  private static KeyValue pad(Connection admin, String bucket) throws Exception {
    KeyValue kv = admin.keyValue(bucket);
    for (int i = 0; i < 30; i++) {
      kv.put("unrelated", new byte[] {1});
    }
    return kv;
  }

  /** Deletes a bucket's stream and creates it again with the same configuration: empty, its revisions from 1. */
  private static void recreate(Connection admin, String bucket) throws Exception {
    JetStreamManagement jsm = admin.jetStreamManagement();
    String stream = "KV_" + bucket;
    StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
    jsm.deleteStream(stream);
    jsm.addStream(config);
  }
}
