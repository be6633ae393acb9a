package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Writes this worker's heartbeat every interval, and at once when what it reports changes: the applied
 * version (the release receipt the leader waits for during a hand-off) or the leaving flag.
 */
final class HeartbeatPublisher {

  private static final System.Logger LOG = System.getLogger(HeartbeatPublisher.class.getName());

  private final Vertx vertx;
  private final KvStore store;
  private final String workerId;
  private final String instance;
  private final String session;
  private final Duration interval;
  private long applied;
  private boolean leaving;
  private long revision;
  private long lastLanded = System.nanoTime();
  private long timer = -1;
  private Future<Void> inFlight = Future.succeededFuture();

  HeartbeatPublisher(Vertx vertx, KvStore store, String workerId, String instance, String session, Duration interval) {
    this.session = session;
    this.vertx = vertx;
    this.store = store;
    this.workerId = workerId;
    this.instance = instance;
    this.interval = interval;
  }

  /** Starts beating; a first beat that fails is retried by the next one, so starting never fails. */
  Future<Void> start() {
    timer = vertx.setPeriodic(interval.toMillis(), t -> beat());
    return beat().otherwiseEmpty();
  }

  void applied(long version) {
    applied = version;
    beat();
  }

  /** When the last heartbeat was known to land ({@link System#nanoTime()}); the start counts as one. */
  long lastLanded() {
    return lastLanded;
  }

  Future<Void> leaving() {
    leaving = true;
    return beat();
  }

  /** Stops beating and deletes the key (after the last beat landed), so the leader sees the departure at once. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return inFlight.eventually(() -> revision == 0 ? Future.succeededFuture() : store.delete(workerId, revision));
  }

  private Future<Void> beat() {
    Future<Void> beat = store.put(workerId, new Heartbeat(workerId, applied, leaving, instance, session).encode())
        .onSuccess(rev -> {
          revision = Math.max(revision, rev);
          lastLanded = System.nanoTime();
        })
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "heartbeat of " + workerId + " failed: " + e.getMessage()))
        .mapEmpty();
    inFlight = beat;
    return beat;
  }
}
