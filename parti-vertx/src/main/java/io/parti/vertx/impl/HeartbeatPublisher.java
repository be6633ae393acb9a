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
  private final Duration interval;
  private long applied;
  private boolean leaving;
  private long revision;
  private long timer = -1;

  HeartbeatPublisher(Vertx vertx, KvStore store, String workerId, String instance, Duration interval) {
    this.vertx = vertx;
    this.store = store;
    this.workerId = workerId;
    this.instance = instance;
    this.interval = interval;
  }

  Future<Void> start() {
    timer = vertx.setPeriodic(interval.toMillis(), t -> beat());
    return beat();
  }

  void applied(long version) {
    applied = version;
    beat();
  }

  Future<Void> leaving() {
    leaving = true;
    return beat();
  }

  /** Stops beating and deletes the key, so the leader sees the departure at once. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return revision == 0 ? Future.succeededFuture() : store.delete(workerId, revision);
  }

  private Future<Void> beat() {
    return store.put(workerId, new Heartbeat(workerId, applied, leaving, instance).encode())
        .onSuccess(rev -> revision = rev)
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "heartbeat of " + workerId + " failed: " + e.getMessage()))
        .mapEmpty();
  }
}
