package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.impl.protocol.Heartbeat;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The leader's view of the live workers, fed by a watch on the heartbeat bucket.
 * <p>
 * Every session (claim of a worker id) is tracked on its own: the one with the latest claim holds the id, and
 * an older one that still beats (a paused process that resumed, a duplicate instance, a pod replaced while cut
 * off) is kept until it is gone, because it may still run what it was granted and its heartbeats are its release
 * receipts.
 * <p>
 * A session's last heartbeat says it left (a graceful leave, a self-fence): seen at once. A delete of the key says
 * nothing, since every session of the id writes that key, and an expired one produces no event (bucket MaxAge expiry
 * is silent), so otherwise a session is declared dead from silence, judged against a watermark: the send time of this leader's
 * own latest heartbeat that came back through the same watch. The watch delivers in stream order, so a session with
 * nothing delivered since well before the watermark was silent at least that long, whatever the watch's lag: a
 * lagging watch, a disconnected leader or one whose own writes do not land simply stops the watermark, and declares
 * nobody dead. Server timestamps are used once, when a term starts, to credit the silence before it, capped by
 * {@link Timings#takeoverCredit}: server clocks can jump, and a jump must not make a live worker look dead. Nor is
 * more credited than the leader's own heartbeats have been landing: silence from before its own contact came back
 * proves nothing, since what cut the leader off (a JetStream cluster without quorum, still settling after it regained
 * it) likely held the others back too, and some for longer.
 */
final class Membership {


  /** What changed in the membership. */
  enum Change { JOINED, LEAVING, LEFT, DIED, PROGRESS }

  /** What the leader knows of one session; mutated on the event loop only. */
  private static final class Seen {
    final String session;
    long claim;
    long lastSeen;
    long serverTime;
    long applied;
    boolean leaving;

    Seen(String session, long claim) {
      this.session = session;
      this.claim = claim;
    }
  }

  private final CoordinatorLog.Source log;
  private final Scheduler scheduler;
  private final PartiOptions options;
  /** The worker this leader runs on. */
  private final LeaderSeat own;
  /** Its strategy's name, which every worker should send. */
  private final String ownStrategy;
  /** Told of every change after the replay; set by the term before {@link #start()}, when nothing is delivered yet. */
  private Consumer<Change> listener = change -> { };
  private final PartiMetrics metrics;
  private final KvWatch watch;
  /** Worker id → its live sessions, in the order they appeared. */
  private final Map<String, Map<String, Seen>> sessions = new HashMap<>();
  /** Worker id → the session holding the id (the latest claim seen). */
  private final Map<String, Seen> current = new HashMap<>();
  /** Worker id → the latest claim seen: an older session never holds the id again, even after the newer one died. */
  private final Map<String, Long> latestClaim = new HashMap<>();
  /** Worker ids whose latest claim is being checked against the ids bucket's history (one read at a time each). */
  private final Set<String> checkingClaims = new HashSet<>();
  /** The ids bucket: read when a session's claim is below the latest claim of an id nobody holds. */
  private final KvBucket ids;
  private boolean stopped;
  /** Sessions that said they left: a record still naming one does not make it expected. */
  private final Set<String> departed = new HashSet<>();
  private boolean replaying = true;
  /** When the watch last delivered anything (scheduler time): the leader's own beats keep this recent. */
  private long lastDelivery = Long.MIN_VALUE;
  /** The send time of this leader's own latest heartbeat seen through the watch: silence is judged up to here. */
  private long watermark = Long.MIN_VALUE;
  /** The leader's own time out of contact, as of the last time silence was judged: what grew since is not silence. */
  private long ownOutOfContact;
  /** While the watermark is below this, a live session nobody named may not have been heard yet ({@link #awaitUnnamed}). */
  private long unnamedUntil = Long.MIN_VALUE;

  /** @param seat the worker this leader runs on: it counts itself, and its own heartbeats move the watermark */
  Membership(Wiring wiring, LeaderSeat seat) {
    this.log = wiring.log().of(Membership.class);
    this.scheduler = wiring.scheduler();
    this.options = wiring.options();
    this.own = seat;
    this.ownStrategy = seat.strategy().name();
    this.metrics = wiring.metrics();
    this.watch = wiring.buckets().heartbeats().watch(">", this::onHeartbeat);
    this.ids = wiring.buckets().ids();
    this.ownOutOfContact = seat.outOfContact().getAsLong();
  }

  /** Whom to tell of changes; called before {@link #start()}. */
  void listen(Consumer<Change> listener) {
    this.listener = listener;
  }

  Future<Void> start() {
    return Retry.whileUnavailable(scheduler, "watch " + options.heartbeatBucket(), Retry.STARTUP_DEADLINE_MS, watch::start)
        .compose(v -> watch.caughtUp())
        .onSuccess(v -> catchUp());
  }

  Future<Void> stop() {
    stopped = true;
    return watch.close();
  }

  /**
   * The workers as they are now. This leader counts among them whatever its watch has shown lately (another session
   * of its id may have overwritten its key), with the version it applied here: a plan that leaves it out could grant
   * what it still runs.
   */
  FleetView view() {
    Map<String, FleetView.Worker> workers = new HashMap<>();
    sessions.forEach((id, byId) -> {
      Map<String, FleetView.Session> live = new LinkedHashMap<>();
      byId.forEach((session, seen) -> live.put(session, new FleetView.Session(session, seen.applied, seen.leaving)));
      Seen holder = current.get(id);
      workers.put(id, new FleetView.Worker(holder == null ? null : live.get(holder.session), live));
    });
    String ownSession = own.session();
    FleetView.Worker mine = workers.get(own.workerId());
    Map<String, FleetView.Session> live = new LinkedHashMap<>(mine == null ? Map.of() : mine.sessions());
    FleetView.Session seen = live.get(ownSession);
    FleetView.Session self = new FleetView.Session(ownSession, Math.max(own.applied().getAsLong(), seen == null ? 0 : seen.applied()),
        seen != null && seen.leaving());
    live.put(ownSession, self);
    FleetView.Session holder = mine == null || mine.current() == null || mine.current().id().equals(ownSession) ? self : mine.current();
    workers.put(own.workerId(), new FleetView.Worker(holder, live));
    return new FleetView(workers, !mayMissSessions());
  }

  /** Whether a heartbeat of {@code session} of {@code worker} was seen (an {@link #expect expected} one may not have beaten). */
  boolean heard(String worker, String session) {
    Map<String, Seen> byId = sessions.get(worker);
    Seen seen = byId == null ? null : byId.get(session);
    return seen != null && seen.claim != Long.MIN_VALUE;
  }

  /**
   * A session the stored record grants to, or that a successor of its id took over, which this leader has not seen
   * beat (its heartbeat key expired or was overwritten): it may still run what it was granted, so it counts as alive
   * until silent for the bound, credited like the replay. A worker known by no other session holds its id through
   * it, so it stays among the workers partitions are given to: a leader that starts after an outage, before the
   * heartbeats come back, must not give the partitions of the whole fleet to the few it has heard from (any
   * heartbeat of the id, of this session or a later claim, replaces it as the holder).
   */
  void expect(String worker, String session) {
    if (departed.contains(session)) {
      return;
    }
    Map<String, Seen> byId = sessions.computeIfAbsent(worker, k -> new LinkedHashMap<>());
    if (!byId.containsKey(session)) {
      Seen expected = new Seen(session, Long.MIN_VALUE);
      long now = scheduler.nanoTime();
      expected.lastSeen = now - credit(now);
      byId.put(session, expected);
      current.putIfAbsent(worker, expected);
    }
  }

  /**
   * The leader lost track of what ran where, and no record names the sessions that may run something: a live session
   * whose heartbeat key expired, was deleted, or shows the last word of another session of its id, is unknown until it
   * beats again. From now on the {@link #view} is incomplete until every such session has had what an
   * {@link #expect expected} one gets: silence for the detection bound, less the credit, judged against the watermark.
   * Then the leader is told of it as of progress.
   */
  void awaitUnnamed() {
    long now = scheduler.nanoTime();
    unnamedUntil = now - credit(now) + Timings.detectionBound(options).toNanos();
  }

  /** Whether a live session this leader cannot name may still be unheard of (see {@link #awaitUnnamed}). */
  private boolean mayMissSessions() {
    return unnamedUntil != Long.MIN_VALUE && watermark <= unnamedUntil;
  }

  /**
   * The replay is over: credit each session with the silence its last heartbeat's server timestamp tells of,
   * relative to the newest heartbeat of anyone, up to the {@link #credit credit}.
   */
  private void catchUp() {
    replaying = false;
    long newest = sessions.values().stream().flatMap(byId -> byId.values().stream())
        .mapToLong(s -> s.serverTime).reduce(0, Math::max);
    long now = scheduler.nanoTime();
    long credit = credit(now);
    eachSession(s -> s.lastSeen = now - Math.min(Math.max(0, newest - s.serverTime) * 1_000_000, credit));
  }

  private void onHeartbeat(KvEntry entry) {
    resumeAfterGap();
    String worker = entry.key();
    if (entry.isRemoval()) {
      return; // an operator's delete: which session of the id is gone (if any) is told by heartbeats and silence
    }
    Heartbeat beat;
    try {
      beat = Heartbeat.decode(entry.value());
      if (!beat.workerId().equals(worker)) {
        throw new IllegalArgumentException("heartbeat of " + beat.workerId() + " under key " + worker);
      }
    } catch (IllegalArgumentException e) {
      metrics.ignoredValue(options.heartbeatBucket(), worker, entry.revision(), "a malformed heartbeat", e.getMessage());
      return;
    }
    if (beat.left()) {
      departed.add(beat.session());
      if (remove(worker, beat.session()) && !replaying) {
        listener.accept(Change.LEFT);
      }
      return;
    }
    if (beat.session().equals(own.session())) {
      long sent = own.beatSentAt().applyAsLong(beat.beat());
      if (sent > watermark) {
        watermark = sent;
        creditOwnOutage();
        scheduler.runLater(this::sweep); // after this delivery is handled
      }
    }
    Map<String, Seen> byId = sessions.computeIfAbsent(worker, k -> new LinkedHashMap<>());
    Seen seen = byId.get(beat.session());
    boolean isNew = seen == null;
    if (isNew) {
      seen = new Seen(beat.session(), beat.claim());
      byId.put(beat.session(), seen);
      if (beat.strategy() != null && !beat.strategy().equals(ownStrategy)) {
        log.warning(() -> worker + " runs the assignment strategy " + beat.strategy() + ", this leader "
            + ownStrategy + ": if it leads, it will reassign by other rules (configure every worker alike)");
      }
      if (beat.supersedes() != null) {
        // It took its id over from a live session of its instance, whose beats its key no longer shows: that one may
        // still run what it ran, so it counts until silent for the bound.
        expect(worker, beat.supersedes());
      }
    }
    seen.claim = beat.claim();
    seen.lastSeen = scheduler.nanoTime();
    seen.serverTime = entry.timestamp();
    boolean startsLeaving = beat.leaving() && !seen.leaving;
    boolean stopsLeaving = !beat.leaving() && seen.leaving;
    boolean progressed = beat.appliedVersion() != seen.applied;
    seen.leaving = beat.leaving();
    seen.applied = beat.appliedVersion();
    if (progressed) {
      log.handoffStep("receipt-seen", worker, beat.appliedVersion());
    }
    Seen holder = current.get(worker);
    boolean takesOver = holder != seen && seen.claim >= latestClaim.getOrDefault(worker, Long.MIN_VALUE);
    if (takesOver) {
      // A later claim of the id: it holds the id now; the older session is kept until it is gone.
      current.put(worker, seen);
      latestClaim.put(worker, seen.claim);
    }
    if (replaying) {
      return; // the workers that were already there: the first rebalance sees them, none of them "joined"
    }
    if (current.get(worker) == null) {
      checkClaimHistory(worker); // nobody holds the id, and this session's claim is below the latest seen
    }
    if (takesOver || (stopsLeaving && current.get(worker) == seen)) {
      listener.accept(Change.JOINED);
    } else if (startsLeaving && current.get(worker) == seen) {
      listener.accept(Change.LEAVING);
    } else if (progressed || isNew) {
      listener.accept(Change.PROGRESS);
    }
  }

  /**
   * A session beats for an id nobody holds, with a claim below the latest claim seen for it: an older session of the
   * id, which never holds it again; unless the ids bucket lost that latest claim (a replicated stream that came back
   * behind after a node kill, or one created anew), after which new claims start below it and none would ever be
   * let in. Reads the bucket's last revision (from its stream leader): when it is below the latest claim, that claim is
   * gone from the bucket's history, and the live session with the latest claim the bucket does hold takes the id.
   */
  private void checkClaimHistory(String worker) {
    Long claimed = latestClaim.get(worker);
    if (claimed == null || !checkingClaims.add(worker)) {
      return;
    }
    ids.lastRevision().onComplete(ar -> {
      checkingClaims.remove(worker);
      Map<String, Seen> byId = sessions.get(worker);
      if (stopped || ar.failed() || ar.result() >= claimed || current.get(worker) != null || byId == null) {
        return;
      }
      long history = ar.result();
      Seen latest = byId.values().stream().filter(s -> s.claim <= history).max((a, b) -> Long.compare(a.claim, b.claim))
          .orElse(null);
      if (latest == null) {
        return;
      }
      log.warning(() -> worker + " claimed again at revision " + latest.claim + ", below its latest claim " + claimed
          + ": the ids bucket lost that claim (its last revision is " + history + "); the new session holds the id");
      current.put(worker, latest);
      latestClaim.put(worker, latest.claim);
      listener.accept(Change.JOINED);
    });
  }

  /**
   * The watch delivers this leader's own heartbeats every interval, so a longer pause with nothing at all is the
   * watch (or the stream) being out, not the workers falling silent: every session is credited as at a takeover, so
   * that the beats the outage held back can arrive before anyone is judged. A real death is seen a little later.
   */
  private void resumeAfterGap() {
    long now = scheduler.nanoTime();
    long gap = options.getHeartbeatInterval().multipliedBy(2).plus(options.getOperationTimeout()).toNanos();
    if (!replaying && lastDelivery != Long.MIN_VALUE && now - lastDelivery > gap) {
      long credited = now - credit(now);
      eachSession(s -> s.lastSeen = Math.max(s.lastSeen, credited));
    }
    lastDelivery = now;
  }

  /**
   * The silence a session may be credited with that this leader did not see itself: the takeover credit, but no more
   * than the leader's own heartbeats have been landing since they last failed.
   */
  private long credit(long now) {
    long since = own.landingSince().getAsLong();
    long inContact = since >= now ? 0 : now - since;
    return Math.min(Timings.takeoverCredit(options).toNanos(), inContact);
  }

  /**
   * The leader's own heartbeats did not land for a while (it was out of contact, and what cut it off likely held the
   * others back too): silence is counted only while the leader was in contact, so every session's last sighting moves
   * on by that long. A worker's silence must fill a whole detection bound of the leader's own contact.
   */
  private void creditOwnOutage() {
    long lost = own.outOfContact().getAsLong();
    if (lost <= ownOutOfContact) {
      return;
    }
    long shift = lost - ownOutOfContact;
    ownOutOfContact = lost;
    long now = scheduler.nanoTime();
    eachSession(s -> s.lastSeen = Math.min(now, s.lastSeen + shift));
  }

  private void eachSession(Consumer<Seen> action) {
    sessions.values().forEach(byId -> byId.values().forEach(action));
  }

  /** Forgets a session; returns whether it was known. */
  private boolean remove(String worker, String session) {
    Map<String, Seen> byId = sessions.get(worker);
    Seen gone = byId == null ? null : byId.remove(session);
    if (gone == null) {
      return false;
    }
    if (current.get(worker) == gone) {
      current.remove(worker);
    }
    if (byId.isEmpty()) {
      sessions.remove(worker);
    }
    return true;
  }

  /** Declares dead every session with nothing delivered for the detection bound before the watermark. */
  private void sweep() {
    if (replaying || watermark == Long.MIN_VALUE) {
      return;
    }
    long deadline = watermark - Timings.detectionBound(options).toNanos();
    boolean died = false;
    for (Map.Entry<String, Map<String, Seen>> e : new HashMap<>(sessions).entrySet()) {
      for (Seen s : e.getValue().values().toArray(new Seen[0])) {
        if (s.lastSeen < deadline) {
          died |= remove(e.getKey(), s.session);
        }
      }
    }
    if (died) {
      listener.accept(Change.DIED);
    }
    if (unnamedUntil != Long.MIN_VALUE && watermark > unnamedUntil) { // as an expected session is declared dead
      unnamedUntil = Long.MIN_VALUE; // every session alive when the leader lost track has been heard of, or is dead
      listener.accept(Change.PROGRESS);
    }
  }
}
