package io.parti.vertx.impl;

import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.VertxScheduler;
import io.parti.vertx.impl.kv.KvBuckets;
import io.parti.vertx.impl.kv.NatsKv;
import io.parti.vertx.impl.kv.NatsKvBucket;
import io.parti.vertx.impl.kv.OnContext;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by seed 6014868: a leader whose own heartbeat key showed the last beat of an ended session of its id left
 * itself out of its view, so a barrier before a grant did not wait for what its own worker still ran. The leader
 * counts itself, with the version its own worker applied.
 */
@ExtendWith(NatsServerExtension.class)
class MembershipSelfIT {

  private Vertx vertx;
  private Connection connection;

  @BeforeEach
  void setUp(NatsServer nats) throws Exception {
    VertxTestSupport.clearBlockedThreadWarnings();
    vertx = VertxTestSupport.vertx();
    connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build());
  }

  @AfterEach
  void tearDown() throws Exception {
    connection.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    VertxTestSupport.assertNoBlockedThreads();
  }

  @Test
  void theLeaderCountsItselfWhenItsKeyShowsAnEndedSessionOfItsId() throws Exception {
    PartiOptions options = PartiOptions.fast().setGroup("self");
    Context context = vertx.getOrCreateContext();
    OnContext on = new OnContext(context);
    NatsKvBucket heartbeats = on.get(() -> KvBuckets.open(vertx, connection, options.heartbeatBucket(), options.getHeartbeatTtl(), 1, 1, options.getOperationTimeout()));
    on.get(() -> heartbeats.put("worker-0", new Heartbeat("worker-0", 0, false, "a", "ended", 1, 9, true).encode()));
    on.get(() -> heartbeats.put("worker-1", new Heartbeat("worker-1", 3, false, "b", "s1", 1, 1, false).encode()));

    Environment env = new Environment(new VertxScheduler(vertx, context),
        new NatsKv(vertx, connection, options.getOperationTimeout()), null, null, (address, event) -> { }, () -> "id", null);
    Wiring wiring = new Wiring(env, options, new PartiMetrics(options.getGroup()), new Buckets(null, null, heartbeats, null), "worker-0");
    AtomicLong ownApplied = new AtomicLong(2);
    Membership membership = on.make(() -> new Membership(wiring, "worker-0", "s0", beat -> -1, ownApplied::get, change -> { }));
    on.get(membership::start);

    FleetView view = on.make(membership::view);
    assertThat(view.active()).containsExactly("worker-0", "worker-1");
    assertThat(view.applied("worker-0", "s0")).isEqualTo(2);
    assertThat(view.allApplied(3)).as("its own worker has not applied v3").isFalse();
    ownApplied.set(3);
    assertThat(on.make(membership::view).allApplied(3)).isTrue();
    on.get(membership::stop);
  }
}
