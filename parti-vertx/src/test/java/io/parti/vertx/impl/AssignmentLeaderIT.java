package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.kv.KvBuckets;
import io.parti.vertx.impl.kv.KvTestRig;
import io.parti.vertx.impl.env.VertxScheduler;
import io.parti.vertx.impl.kv.NatsKv;
import io.parti.vertx.impl.kv.NatsKvBucket;
import io.parti.vertx.impl.kv.OnContext;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.nats.client.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The leader's parts against a real server: fencing a deposed leader, and the membership it plans with. */
@ExtendWith(NatsServerExtension.class)
class AssignmentLeaderIT {

  private KvTestRig rig;
  private Vertx vertx;
  private Connection connection;
  private OnContext on;

  @BeforeAll
  static void warmUp(NatsServer nats) throws Exception {
    OnContext.warmUpKv(nats.url());
    AssignmentCodec.decode(AssignmentCodec.encode(new AssignmentRecord(1, 1, "w", List.of("w"), new java.util.TreeMap<>())));
  }

  @BeforeEach
  void setUp(NatsServer nats) throws Exception {
    rig = KvTestRig.open(nats);
    vertx = rig.vertx;
    connection = rig.connection;
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  /**
   * Two leaders that both believe they lead (a paused old one and a new one): the old one's next commit must fail its
   * revision check, it must not write over the new one's record (its epoch is above the old one's last write of the
   * leader key: a successor's), and it must ask its lease at once (whose renewal then fails and ends the term).
   */
  @Test
  void aDeposedLeadersCommitIsRejectedAndItAsksItsLease() throws Exception {
    PartiOptions options = PartiOptions.fast().setGroup("fence").setColdStartWindow(Duration.ZERO)
        .setPlannedScaleWindow(Duration.ZERO).setRebalanceCooldown(Duration.ZERO);
    Context context = vertx.getOrCreateContext();
    on = new OnContext(context);
    NatsKvBucket heartbeats = on.get(() -> KvBuckets.open(vertx, connection, options.heartbeatBucket(), options.getHeartbeatTtl(), 1, 1, options.getOperationTimeout()));
    NatsKvBucket assignments = on.get(() -> KvBuckets.open(vertx, connection, options.assignmentBucket(), Duration.ZERO, 1, 1, options.getOperationTimeout()));
    on.get(() -> heartbeats.put("worker-0", new Heartbeat("worker-0", 0, false, "a", "s0", 1, 1, false).encode()));
    on.get(() -> heartbeats.put("worker-1", new Heartbeat("worker-1", 0, false, "b", "s1", 1, 1, false).encode()));

    AtomicBoolean oldAskedItsLease = new AtomicBoolean();
    // The old leader last wrote the leader key at revision 6; worker-1 won it at 9.
    AssignmentLeader old = leader(context, options, heartbeats, assignments, "worker-0", "s0", 5, 6,
        () -> oldAskedItsLease.set(true));
    on.get(old::start);
    await().atMost(Duration.ofSeconds(5)).until(() -> stored(assignments).slots().size() == 4);

    AssignmentLeader current = leader(context, options, heartbeats, assignments, "worker-1", "s1", 9, 9, () -> { });
    on.get(current::start);
    await().atMost(Duration.ofSeconds(5)).until(() -> stored(assignments).leaderEpoch() == 9);

    // A new worker makes both leaders want to commit; only the current one may land it.
    on.get(() -> heartbeats.put("worker-2", new Heartbeat("worker-2", 0, false, "c", "s2", 1, 1, false).encode()));
    await().atMost(Duration.ofSeconds(5)).untilTrue(oldAskedItsLease);
    await().atMost(Duration.ofSeconds(5)).until(() -> stored(assignments).workers().equals(List.of("worker-0", "worker-1", "worker-2")));
    assertThat(stored(assignments).leaderEpoch()).isEqualTo(9);
    on.get(() -> Future.join(old.stop(), current.stop()));
  }

  private AssignmentLeader leader(Context context, PartiOptions options, NatsKvBucket heartbeats, NatsKvBucket assignments, String workerId,
                                  String session, long epoch, long leaseRevision, Runnable confirmLease) throws Exception {
    Wiring wiring = wiring(context, options, heartbeats, assignments, workerId);
    LeaderSeat seat = new LeaderSeat(workerId, session, beat -> -1, () -> 0, () -> null, AssignmentStrategy.consistentHash(), epoch,
        () -> leaseRevision, confirmLease, inContactForAMinute(wiring), () -> 0);
    Membership membership = on.make(() -> new Membership(wiring, seat));
    List<Partition> partitions = List.of(Partition.of("a"), Partition.of("b"), Partition.of("c"), Partition.of("d"));
    AssignmentLeader leader = new AssignmentLeader(wiring, PartitionSource.fixed(partitions), seat, membership, phase -> { });
    membership.listen(leader::onMembership);
    on.get(membership::start); // as a leader term does: the membership is complete before the leader starts
    return leader;
  }

  /**
   * Found by seed 6014868: a leader whose own heartbeat key showed the last beat of an ended session of its id left
   * itself out of its view, so a barrier before a grant did not wait for what its own worker still ran. The leader
   * counts itself, with the version its own worker applied.
   */
  @Test
  void theLeaderCountsItselfWhenItsKeyShowsAnEndedSessionOfItsId() throws Exception {
    PartiOptions options = PartiOptions.fast().setGroup("self");
    Context context = vertx.getOrCreateContext();
    on = new OnContext(context);
    NatsKvBucket heartbeats = on.get(() -> KvBuckets.open(vertx, connection, options.heartbeatBucket(), options.getHeartbeatTtl(), 1, 1, options.getOperationTimeout()));
    on.get(() -> heartbeats.put("worker-0", new Heartbeat("worker-0", 0, false, "a", "ended", 1, 9, true).encode()));
    on.get(() -> heartbeats.put("worker-1", new Heartbeat("worker-1", 3, false, "b", "s1", 1, 1, false).encode()));

    Wiring wiring = wiring(context, options, heartbeats, null, "worker-0");
    AtomicLong ownApplied = new AtomicLong(2);
    Membership membership = on.make(() -> new Membership(wiring,
        new LeaderSeat("worker-0", "s0", beat -> -1, ownApplied::get, () -> null, AssignmentStrategy.consistentHash(), 1,
            () -> 1, () -> { }, inContactForAMinute(wiring), () -> 0)));
    on.get(membership::start);

    FleetView view = on.make(membership::view);
    assertThat(view.active()).containsExactly("worker-0", "worker-1");
    assertThat(view.applied("worker-0", "s0")).isEqualTo(2);
    assertThat(view.allApplied(3)).as("its own worker has not applied v3").isFalse();
    ownApplied.set(3);
    assertThat(on.make(membership::view).allApplied(3)).isTrue();
    on.get(membership::stop);
  }

  /** A leader whose own heartbeats have landed for a minute: the takeover credit is not cut short. */
  private static LongSupplier inContactForAMinute(Wiring wiring) {
    long since = wiring.scheduler().nanoTime() - Duration.ofMinutes(1).toNanos();
    return () -> since;
  }

  private Wiring wiring(Context context, PartiOptions options, NatsKvBucket heartbeats, NatsKvBucket assignments, String workerId) {
    Environment env = new Environment(new VertxScheduler(vertx, context), new NatsKv(vertx, connection, options.getOperationTimeout()),
        null, null, (address, event) -> { }, () -> "id", null, new SimpleMeterRegistry());
    return new Wiring(env, options, new PartiMetrics(env.meters(), options.getGroup(), System::nanoTime),
        new CoordinatorLog(options.getGroup()), new Buckets(null, null, heartbeats, assignments), workerId, true);
  }

  private AssignmentRecord stored(NatsKvBucket assignments) throws Exception {
    return AssignmentCodec.decode(on.get(() -> assignments.get(AssignmentFollower.KEY)).value());
  }
}
