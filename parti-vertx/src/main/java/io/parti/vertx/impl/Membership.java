package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The leader's view of the live workers, fed by a watch on the heartbeat bucket and its own clock.
 * <p>
 * A deleted heartbeat is a departure seen at once. An expired one produces no event (bucket MaxAge expiry
 * is silent), so a worker is declared dead when no heartbeat arrived for heartbeat TTL + emergency grace:
 * by this leader's clock since it last saw one, or by the server's clock, comparing the worker's last
 * heartbeat with the newest heartbeat of anyone. The second clock matters after a leader change: a new
 * leader learns the crashed worker's last heartbeat and its age at once, instead of waiting a full TTL.
 * While NATS is unreachable the clock is suspended: silence then says nothing about the workers.
 */
final class Membership {

  private static final System.Logger LOG = System.getLogger(Membership.class.getName());

  /** What changed in the membership. */
  enum Change { JOINED, LEAVING, LEFT, DIED, PROGRESS }

  private static final class Member {
    String instance;
    String session;
    long lastSeen;
    long serverTime;
    long applied;
    boolean leaving;
  }

  private final Vertx vertx;
  private final PartiOptions options;
  private final Consumer<Change> listener;
  private final PartiMetrics metrics;
  private final KvWatch watch;
  private final Map<String, Member> members = new HashMap<>();
  private long timer = -1;
  private boolean replaying = true;
  private long newestServerTime;
  private boolean disconnected;
  private boolean kvSilent;

  Membership(Vertx vertx, Context context, KvStore heartbeats, PartiOptions options, PartiMetrics metrics, Consumer<Change> listener) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = metrics;
    this.listener = listener;
    this.watch = new KvWatch(heartbeats, ">", context, this::onHeartbeat);
  }

  /** Completes once the heartbeats present at the start have been seen, so the first decisions see every live worker. */
  Future<Void> start() {
    timer = vertx.setPeriodic(Math.max(50, options.getHeartbeatInterval().toMillis() / 2), t -> sweep());
    return watch.start().compose(v -> watch.caughtUp()).onComplete(ar -> replaying = false);
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return watch.close();
  }

  /** Workers with a live heartbeat, leaving ones included. */
  Set<String> live() {
    return new TreeSet<>(members.keySet());
  }

  /** Live workers that are not leaving: the ones partitions may be given to. */
  Set<String> active() {
    Set<String> active = new TreeSet<>();
    members.forEach((id, m) -> {
      if (!m.leaving) {
        active.add(id);
      }
    });
    return active;
  }

  /** The session (one claim of the id) of each live worker. */
  Map<String, String> sessions() {
    Map<String, String> sessions = new HashMap<>();
    members.forEach((id, m) -> sessions.put(id, m.session));
    return sessions;
  }

  /** The assignment version each live worker last reported applied. */
  Map<String, Long> applied() {
    Map<String, Long> applied = new HashMap<>();
    members.forEach((id, m) -> applied.put(id, m.applied));
    return applied;
  }

  /** Whether the connection to NATS is up. */
  void connectivity(boolean connected) {
    judge(() -> disconnected = !connected);
  }

  /** Whether this leader's own heartbeats land: when they do not, nobody's can, and silence means nothing. */
  void kvHealthy(boolean healthy) {
    judge(() -> kvSilent = !healthy);
  }

  /**
   * While NATS is unreachable, or unable to store heartbeats (a JetStream leader election takes seconds),
   * no worker is declared dead. When it works again, every known worker gets a fresh grace.
   */
  private void judge(Runnable change) {
    boolean wasSuspended = suspended();
    change.run();
    if (wasSuspended && !suspended()) {
      long now = System.nanoTime();
      members.values().forEach(m -> {
        m.lastSeen = now;
        m.serverTime = 0; // unknown until its next heartbeat: the outage says nothing about the worker
      });
    }
  }

  private boolean suspended() {
    return disconnected || kvSilent;
  }

  private void onHeartbeat(KvEntry entry) {
    if (entry.isRemoval()) {
      if (members.remove(entry.key()) != null && !replaying) {
        listener.accept(Change.LEFT);
      }
      return;
    }
    Heartbeat beat;
    try {
      beat = Heartbeat.decode(entry.value());
      if (!beat.workerId().equals(entry.key())) {
        throw new IllegalArgumentException("heartbeat of " + beat.workerId() + " under key " + entry.key());
      }
    } catch (IllegalArgumentException e) {
      metrics.ignoredValue(options.heartbeatBucket());
      LOG.log(System.Logger.Level.WARNING, "ignoring a malformed heartbeat under " + options.heartbeatBucket()
          + "/" + entry.key() + ": " + e.getMessage());
      return;
    }
    Member member = members.get(beat.workerId());
    // A worker that stops leaving, or a new process under the same id, is a join as well.
    boolean joined = member == null || (member.leaving && !beat.leaving()) || !beat.instance().equals(member.instance)
        || !beat.session().equals(member.session);
    if (member == null) {
      member = new Member();
      members.put(beat.workerId(), member);
    }
    member.instance = beat.instance();
    member.session = beat.session();
    member.lastSeen = System.nanoTime();
    member.serverTime = entry.timestamp();
    newestServerTime = Math.max(newestServerTime, entry.timestamp());
    boolean startsLeaving = beat.leaving() && !member.leaving;
    boolean progressed = beat.appliedVersion() != member.applied;
    member.leaving = beat.leaving();
    member.applied = beat.appliedVersion();
    if (replaying) {
      return; // the workers that were already there: the first rebalance sees them, none of them "joined"
    }
    if (joined) {
      listener.accept(Change.JOINED);
    } else if (startsLeaving) {
      listener.accept(Change.LEAVING);
    } else if (progressed) {
      listener.accept(Change.PROGRESS);
    }
  }

  private void sweep() {
    if (suspended()) {
      return;
    }
    Duration bound = options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod());
    long deadline = System.nanoTime() - bound.toNanos();
    long serverDeadline = newestServerTime - bound.toMillis();
    boolean died = members.values().removeIf(m -> m.lastSeen < deadline || (m.serverTime > 0 && m.serverTime < serverDeadline));
    if (died) {
      listener.accept(Change.DIED);
    }
  }
}
