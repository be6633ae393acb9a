package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueStatus;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link NatsKvBucket}, {@link KvBuckets} and {@link KvWatch} against a real nats-server; every call is made on one
 * context and must complete on it.
 */
@ExtendWith(NatsServerExtension.class)
class NatsKvBucketIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private KvTestRig rig;
  private Vertx vertx;
  private Connection connection;
  private OnContext on;
  private NatsKvBucket store;

  @BeforeAll
  static void warmUp(NatsServer nats) throws Exception {
    OnContext.warmUpKv(nats.url());
  }

  @BeforeEach
  void setUp(NatsServer nats, TestInfo test) throws Exception {
    rig = KvTestRig.open(nats);
    vertx = rig.vertx;
    connection = rig.connection;
    on = new OnContext(vertx.getOrCreateContext());
    String bucket = "store-" + test.getTestMethod().orElseThrow().getName();
    store = on.get(() -> KvBuckets.open(vertx, connection, bucket, Duration.ZERO, 1, 1, TIMEOUT));
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void createIsAtomicIfAbsent() throws Exception {
    long revision = on.get(() -> store.create("k", bytes("first")));

    on.call(() -> store.create("k", bytes("second"))).failedWith(PartiException.Conflict.class);

    KvEntry entry = on.get(() -> store.get("k"));
    assertThat(text(entry)).isEqualTo("first");
    assertThat(entry.revision()).isEqualTo(revision);
    assertThat(entry.operation()).isEqualTo(KvEntry.Operation.PUT);
  }

  @Test
  void createAfterDeleteWritesOverTheMarker() throws Exception {
    long first = on.get(() -> store.create("k", bytes("first")));
    on.get(() -> store.delete("k", first));

    long second = on.get(() -> store.create("k", bytes("again")));

    assertThat(second).isGreaterThan(first);
    assertThat(text(on.get(() -> store.get("k")))).isEqualTo("again");
    on.call(() -> store.create("k", bytes("third"))).failedWith(PartiException.Conflict.class);
  }

  /** nats-server says where the key is, so a create need not read it to know it was written since. */
  @Test
  void aConflictNamesTheRevisionTheKeyIsAt() throws Exception {
    long first = on.get(() -> store.create("k", bytes("first")));

    assertThat(on.call(() -> store.update("k", bytes("second"), 0)).failedWith(PartiException.Conflict.class).currentRevision())
        .isEqualTo(first);
  }

  /**
   * A create that takes a key written after a given revision for held passes over a key deleted since, and still writes
   * over one deleted before.
   */
  @Test
  void createUnlessWrittenAfterPassesOverOnlyAKeyDeletedSince() throws Exception {
    long early = on.get(() -> store.create("early", bytes("v")));
    on.get(() -> store.delete("early", early));
    long since = on.get(() -> store.lastRevision());
    long late = on.get(() -> store.create("late", bytes("v")));
    on.get(() -> store.delete("late", late));

    on.call(() -> store.createUnlessWrittenAfter("late", bytes("again"), since)).failedWith(PartiException.Conflict.class);
    assertThat(on.get(() -> store.get("late"))).as("nothing written").isNull();
    assertThat(on.get(() -> store.createUnlessWrittenAfter("early", bytes("again"), since))).isGreaterThan(late);
    assertThat(on.get(() -> store.createUnlessWrittenAfter("late", bytes("again"), Long.MAX_VALUE))).isPositive();
  }

  @Test
  void updateWithAStaleRevisionConflicts() throws Exception {
    long first = on.get(() -> store.create("k", bytes("v1")));
    long second = on.get(() -> store.update("k", bytes("v2"), first));

    on.call(() -> store.update("k", bytes("v3"), first)).failedWith(PartiException.Conflict.class);

    KvEntry entry = on.get(() -> store.get("k"));
    assertThat(text(entry)).isEqualTo("v2");
    assertThat(entry.revision()).isEqualTo(second);
  }

  @Test
  void deleteWithAStaleRevisionConflicts() throws Exception {
    long first = on.get(() -> store.create("k", bytes("v1")));
    long second = on.get(() -> store.update("k", bytes("v2"), first));

    on.call(() -> store.delete("k", first)).failedWith(PartiException.Conflict.class);
    assertThat(text(on.get(() -> store.get("k")))).isEqualTo("v2");

    on.get(() -> store.delete("k", second));
    assertThat(on.get(() -> store.get("k"))).isNull();
  }

  @Test
  void getOfAnAbsentOrDeletedKeyIsNull() throws Exception {
    assertThat(on.get(() -> store.get("never-written"))).isNull();

    long revision = on.get(() -> store.put("gone", bytes("v")));
    on.get(() -> store.delete("gone", revision));

    assertThat(on.get(() -> store.get("gone"))).isNull();
    assertThat(on.get(() -> store.latest("gone")).isRemoval()).as("the marker is still there").isTrue();
  }

  @Test
  void aClosedConnectionIsUnavailableAtOnce(NatsServer nats) throws Exception {
    Duration longTimeout = Duration.ofSeconds(5);
    Connection closing = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build());
    NatsKvBucket closed = new NatsKvBucket(vertx, closing, store.name(), longTimeout);
    closing.close();

    for (OnContext.Outcome<?> outcome : new OnContext.Outcome<?>[] {
        on.call(() -> closed.create("k", bytes("v"))), on.call(() -> closed.put("k", bytes("v"))),
        on.call(() -> closed.update("k", bytes("v"), 1)), on.call(() -> closed.delete("k", 1)),
        on.call(() -> closed.get("k"))}) {
      outcome.failedWith(PartiException.Unavailable.class);
      assertThat(outcome.elapsedMillis()).as("failed at once, not after the timeout").isLessThan(1000);
    }
  }

  @Test
  void aPausedServerTimesOutWithinTheOperationTimeout(NatsServer nats) throws Exception {
    Duration timeout = Duration.ofMillis(300);
    NatsKvBucket impatient = new NatsKvBucket(vertx, connection, store.name(), timeout);
    long revision = on.get(() -> impatient.put("k", bytes("v")));

    nats.pause();
    OnContext.Outcome<Long> write;
    OnContext.Outcome<KvEntry> read;
    try {
      write = on.call(() -> impatient.update("k", bytes("w"), revision));
      read = on.call(() -> impatient.get("k"));
    } finally {
      nats.resume();
    }

    for (OnContext.Outcome<?> outcome : new OnContext.Outcome<?>[] {write, read}) {
      outcome.failedWith(PartiException.Timeout.class);
      assertThat(outcome.elapsedMillis()).isBetween(timeout.toMillis() - 50, timeout.toMillis() + 1000);
    }
    // Back to normal once the server answers again (the late update may or may not have landed).
    await().atMost(Duration.ofSeconds(10)).until(() -> on.call(() -> store.get("k")).failure() == null);
  }

  @Test
  void openKeepsAnExistingBucketAndItsData() throws Exception {
    long revision = on.get(() -> store.put("k", bytes("kept")));

    NatsKvBucket reopened = on.get(() -> KvBuckets.open(vertx, connection, store.name(), Duration.ofMinutes(1), 1, 5, TIMEOUT));

    KvEntry entry = on.get(() -> reopened.get("k"));
    assertThat(text(entry)).isEqualTo("kept");
    assertThat(entry.revision()).isEqualTo(revision);
    KeyValueStatus status = connection.keyValueManagement().getStatus(store.name());
    assertThat(status.getTtl()).as("not recreated with the new settings").isEqualTo(Duration.ZERO);
    assertThat(status.getMaxHistoryPerKey()).isEqualTo(1);
    assertThat(status.getEntryCount()).isEqualTo(1);
  }

  @Test
  void openCreatesAMissingBucketWithTheGivenSettings() throws Exception {
    String name = "store-created";
    assertThat(connection.keyValueManagement().getBucketNames()).doesNotContain(name);

    NatsKvBucket created = on.get(() -> KvBuckets.open(vertx, connection, name, Duration.ofSeconds(30), 1, 3, TIMEOUT));

    KeyValueStatus status = connection.keyValueManagement().getStatus(name);
    assertThat(status.getTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(status.getMaxHistoryPerKey()).isEqualTo(3);
    assertThat(status.getReplicas()).isEqualTo(1);
    assertThat(on.get(() -> created.create("k", bytes("v")))).isPositive();
  }

  /**
   * Existing values first (the latest of each key), then every change in revision order, all on the owner's
   * context; and after the server is killed and restarted on the same store, a write made after the restart
   * still arrives: the watch was re-created when the connection came back.
   */
  @Test
  void aWatchDeliversExistingValuesThenChangesInOrderAndSurvivesAServerRestart(NatsServer nats) throws Exception {
    on.get(() -> store.put("a", bytes("a0")));
    on.get(() -> store.put("a", bytes("a1")));
    long b = on.get(() -> store.put("b", bytes("b1")));
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Long> revisions = new CopyOnWriteArrayList<>();
    AtomicReference<String> offContext = new AtomicReference<>();
    KvWatch watch = on.make(() -> store.watch(">", entry -> {
      if (Vertx.currentContext() != on.context()) {
        offContext.set(Thread.currentThread().getName());
      }
      seen.add(entry.key() + "=" + (entry.isRemoval() ? entry.operation() : text(entry)));
      revisions.add(entry.revision());
    }));
    on.get(watch::start);
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
    assertThat(seen).containsExactly("a=a1", "b=b1");

    on.get(() -> store.put("a", bytes("a2")));
    on.get(() -> store.delete("b", b));
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 4);
    assertThat(seen).containsExactly("a=a1", "b=b1", "a=a2", "b=DELETE");

    nats.kill();
    nats.restart();
    await().atMost(Duration.ofSeconds(10)).until(() -> on.call(() -> store.put("c", bytes("after restart"))).failure() == null);
    // About 0.1 s through the re-watch on reconnect; jnats' own ordered-consumer recovery (after missed idle
    // heartbeats) takes about 5 s here, so this bound fails if the re-watch breaks.
    await().atMost(Duration.ofSeconds(3)).until(() -> seen.contains("c=after restart"));

    assertThat(revisions).as("in order, each revision once").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    assertThat(offContext.get()).as("delivered off the context").isNull();
    on.get(watch::close);
  }

  /** Coordinators starting together all create the group's buckets: every one of them must get the bucket. */
  @Test
  void concurrentOpensOfANewBucketAllSucceed(NatsServer nats) throws Exception {
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      connections.add(Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build()));
    }
    try {
      for (int round = 0; round < 10; round++) {
        String bucket = "together-" + round;
        List<Future<NatsKvBucket>> opens = new ArrayList<>();
        on.get(() -> {
          connections.forEach(c -> opens.add(KvBuckets.open(vertx, c, bucket, Duration.ZERO, 1, 1, TIMEOUT)));
          return Future.join(opens).otherwiseEmpty().mapEmpty();
        });
        assertThat(opens).as("round " + round).allSatisfy(open -> assertThat(open.cause()).isNull());
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** A foreign stream that claims the bucket's subjects is not taken for a concurrent creator: opening fails. */
  @Test
  void aForeignStreamOnTheBucketsSubjectsFailsTheOpen() throws Exception {
    connection.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder()
        .name("foreign").subjects("$KV.taken.>").build());
    Exception failure = on.call(() -> KvBuckets.open(vertx, connection, "taken", Duration.ZERO, 1, 1, TIMEOUT))
        .failedWith(PartiException.class);
    assertThat(failure).hasMessageContaining("open bucket taken").hasMessageContaining("overlap");
  }

  /**
   * Hole j: "caught up" must mean every entry present at the start was handed to the handler. Counting the
   * entries delivered around the consumer-info request by hand missed those that arrived during it, so a watch
   * over many keys reported itself caught up early (live owners looked dead, replays counted as joins).
   */
  @Test
  void aWatchIsCaughtUpOnlyOnceEveryExistingEntryWasHandled() throws Exception {
    int keys = 3000;
    for (int round = 0; round < 3; round++) {
      String prefix = "r" + round + "-";
      for (int from = 0; from < keys; from += 100) {
        int first = from;
        on.get(() -> { // a hundred writes per event-loop task
          List<Future<Long>> writes = new java.util.ArrayList<>();
          for (int i = first; i < first + 100; i++) {
            writes.add(store.put(prefix + i, bytes("v" + i)));
          }
          return Future.all(writes).mapEmpty();
        });
      }
      java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
      KvWatch watch = on.make(() -> store.watch(">", entry -> {
        if (entry.key().startsWith(prefix)) {
          handled.incrementAndGet();
        }
      }));
      int atCaughtUp = on.get(() -> watch.start().compose(v -> watch.caughtUp()).map(v -> handled.get()));
      on.get(watch::close);
      assertThat(atCaughtUp).as("entries handled when the watch said it had caught up, round " + round).isEqualTo(keys);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(KvEntry entry) {
    return new String(entry.value(), StandardCharsets.UTF_8);
  }
}
