package io.parti.vertx.impl;

import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Writes this worker's heartbeat every interval, and at once when what it reports changes: the applied
 * version (the release receipt the leader waits for during a hand-off) or the leaving flag.
 */
final class HeartbeatPublisher {

  /** How many recent send times are remembered: a watch lagging further behind finds nothing and waits. */
  private static final int SENT_MEMORY = 64;

  private final CoordinatorLog.Source log;
  private final PartiMetrics metrics;
  private final Scheduler scheduler;
  private final KvBucket store;
  private final String workerId;
  private final String instance;
  private final String session;
  private final long claim;
  private final String supersedes;
  /** Until when (scheduler time) beats name the superseded session: by then its lease has surely ended. */
  private final long supersedesUntil;
  private final String strategy;
  private final Duration interval;
  private long applied;
  private boolean leaving;
  private long revision;
  /** The send time of the latest heartbeat known to have landed: the leader saw this worker no earlier than that. */
  private long lastLanded;
  /** The send time of the latest heartbeat that failed ({@code Long.MIN_VALUE}: none did). */
  private long lastFailed = Long.MIN_VALUE;
  /** The send time of the first heartbeat that landed after {@link #lastFailed}; {@code Long.MAX_VALUE}: none yet. */
  private long landingSince;
  /** How long, in all, this worker's heartbeats did not land beyond their interval: it was out of contact. */
  private long outOfContact;
  /** This session's count of heartbeats sent, and the send times of the latest ones by count. */
  private long beats;
  private final long[] sentAt = new long[SENT_MEMORY];
  private long timer = -1;
  private boolean stopped;
  private Future<Void> inFlight = Future.succeededFuture();

  /**
   * @param supersedes the session whose live lease of the id this session took over, or null
   * @param strategy   the name of this worker's assignment strategy
   */
  HeartbeatPublisher(Wiring wiring, String workerId, String session, long claim, String supersedes, String strategy) {
    this.log = wiring.log().of(HeartbeatPublisher.class);
    this.scheduler = wiring.scheduler();
    this.store = wiring.buckets().heartbeats();
    this.metrics = wiring.metrics();
    this.workerId = workerId;
    this.instance = wiring.instance();
    this.session = session;
    this.claim = claim;
    this.supersedes = supersedes;
    this.supersedesUntil = wiring.scheduler().nanoTime() + wiring.options().getWorkerIdTtl().toNanos();
    this.strategy = strategy;
    this.interval = wiring.options().getHeartbeatInterval();
    this.lastLanded = scheduler.nanoTime();
    this.landingSince = lastLanded;
  }

  /** Starts beating; a first beat that fails is retried by the next one, so starting never fails. */
  Future<Void> start() {
    if (stopped) {
      return Future.succeededFuture();
    }
    timer = scheduler.setPeriodic(interval.toMillis(), this::beat);
    return beat().otherwiseEmpty();
  }

  void applied(long version) {
    applied = version;
    log.handoffStep("receipt-sent", null, version);
    beat().onSuccess(v -> log.handoffStep("receipt-landed", null, version));
  }

  /** The send time of the latest heartbeat known to have landed (scheduler time); the start counts as one. */
  long lastLanded() {
    return lastLanded;
  }

  /**
   * Since when (scheduler time) this worker's heartbeats land without a failure: the send time of the first that
   * landed after the latest that failed, or the start; {@code Long.MAX_VALUE} while none landed since a failure.
   */
  long landingSince() {
    return landingSince;
  }

  /**
   * How long, in all, this session's heartbeats went without landing beyond their interval (from the send of the last
   * that landed before a failure to the send of the first that landed after it): time out of contact.
   */
  long outOfContact() {
    return outOfContact;
  }

  /** When heartbeat number {@code beat} of this session was sent (scheduler time), or -1 if that is no longer known. */
  long sentAt(long beat) {
    return beat > 0 && beat <= beats && beats - beat < SENT_MEMORY ? sentAt[(int) (beat % SENT_MEMORY)] : -1;
  }

  Future<Void> leaving() {
    leaving = true;
    return beat();
  }

  /**
   * Stops beating and, after the last beat landed, writes the session's last word (a heartbeat saying it left), so
   * the leader sees the departure at once. The caller has stopped everything the session ran.
   */
  Future<Void> stop() {
    stopped = true;
    scheduler.cancelTimer(timer);
    return inFlight.eventually(() -> revision == 0 ? Future.succeededFuture()
        : store.put(workerId, heartbeat(beats + 1, true).encode()).mapEmpty());
  }

  private Heartbeat heartbeat(long number, boolean left) {
    return new Heartbeat(workerId, applied, leaving, instance, session, claim, number, left,
        scheduler.nanoTime() < supersedesUntil ? supersedes : null, strategy);
  }

  private Future<Void> beat() {
    if (stopped) {
      return Future.succeededFuture();
    }
    long sent = scheduler.nanoTime();
    long number = ++beats;
    sentAt[(int) (number % SENT_MEMORY)] = sent;
    Future<Void> beat = store.put(workerId, heartbeat(number, false).encode())
        .onSuccess(rev -> {
          revision = Math.max(revision, rev);
          if (sent > lastFailed && landingSince == Long.MAX_VALUE) {
            outOfContact += Math.max(0, sent - lastLanded - interval.toNanos()); // the first to land after a failure
          }
          lastLanded = Math.max(lastLanded, sent);
          if (sent > lastFailed && sent < landingSince) {
            landingSince = sent;
          }
          metrics.heartbeatWritten();
        })
        .onFailure(e -> {
          log.debug(() -> "heartbeat failed: " + e.getMessage());
          if (sent > lastFailed) {
            lastFailed = sent;
            if (landingSince <= sent) {
              landingSince = Long.MAX_VALUE;
            }
          }
        })
        .mapEmpty();
    inFlight = beat;
    return beat;
  }
}
