package io.parti.vertx.simulation;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guarantees as invariants, checked against what really happened (the runs, and what landed on the server),
 * never against what the coordinators believe.
 * <ol>
 *   <li><b>Exclusive.</b> No partition is held by two runs over any span of time (held: started, gate open,
 *   process running). The one allowance, without {@code degradedFencing} only: the older run's session was cut off
 *   (a silence of at least {@link Timings#minimumSilence} in its landed heartbeats, during its run and ending at most
 *   a few operation timeouts before the newer run's grant landed: a leader may only declare dead a worker it did not
 *   hear from for that long) and its id lease has not ended (its last landed lease write + {@code workerIdTtl}).
 *   With {@code KEEP_RUNNING}, the older run may also go on past its lease for as long as its process stays cut off,
 *   and for {@link #regainGrace} into its process's first spell of contact since that grant (answers to its heartbeats arriving
 *   again): the worker then reads the assignment afresh and stops what was given away. With {@code degradedFencing}:
 *   none.</li>
 *   <li><b>Drained.</b> A run starts while another run of its partition is still draining (gate closed, stop not
 *   through) only when that drain outlived {@code drainTimeout}, or its session was cut off before the grant.</li>
 *   <li><b>Epochs.</b> A run's epoch exceeds that of every earlier run of its partition by another session (and
 *   is never below its own session's earlier ones): a new session of a worker id never reuses its predecessor's.
 *   The exclusivity allowance applies here too: a cut-off worker, without {@code degradedFencing}, may start a grant
 *   that was superseded while it was cut off, once the link heals, until it learns of the newer record.</li>
 *   <li><b>One id holder.</b> Two running sessions believe they hold one worker id only until the older one's
 *   lease ends: a session that was taken over, or whose key expired early, gives the id up by then. With
 *   {@code KEEP_RUNNING}, an older session past its lease (cut off: it could not renew) believes it until
 *   {@link #regainGrace} into its process's first spell of contact since the lease ended (it renews its lease then, and
 *   learns it was taken).</li>
 *   <li><b>One committing leader.</b> Landed assignments have strictly increasing versions, above every version a
 *   running worker applied, and non-decreasing leader epochs.</li>
 * </ol>
 * Checks run at the end of every instant of virtual time: what holds over no span of time is no overlap.
 */
final class Checker {

  private final Simulation simulation;
  private final boolean fencing;
  private final boolean keepsRunning;
  /**
   * With {@code KEEP_RUNNING}: how far into a spell of contact a session that was cut off may still run what was given
   * away, or believe it holds an id another session claimed: a read of the assignment, or a renewal of the id, each
   * with its retries.
   */
  private final long regainGrace;
  /** Answers to a session's heartbeats further apart than this end a spell of contact. */
  private final long answerGap;
  private final long minimumSilence;
  private final long recency;
  private final long drainTimeout;
  private final long idTtl;
  private final List<String> violations = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  /** Session → storedAt of its last landed id-lease write. */
  private final Map<String, Long> leaseStored = new HashMap<>();
  /** Session → storedAt of its first landed id-lease write. */
  private final Map<String, Long> claimedAt = new HashMap<>();
  /** Session → landing times of its heartbeats, ascending. */
  private final Map<String, List<Long>> beats = new HashMap<>();
  /**
   * Process → when it received the answers to its heartbeats, ascending: it knew it was in contact. By process, not
   * session: a run outlives the session that started it when the session ends without stopping it.
   */
  private final Map<SimProcess, List<Long>> answeredBeats = new HashMap<>();
  /** "partition@epoch" → when the first assignment granting it landed. */
  private final Map<String, Long> granted = new HashMap<>();
  private long lastVersion;
  private long lastEpoch;

  Checker(Simulation simulation, PartiOptions options) {
    this.simulation = simulation;
    this.fencing = options.isDegradedFencing();
    this.keepsRunning = options.getDegradedPolicy() == DegradedPolicy.KEEP_RUNNING;
    this.regainGrace = options.getOperationTimeout().multipliedBy(4).toNanos();
    this.answerGap = options.getHeartbeatInterval().plus(options.getOperationTimeout()).toNanos();
    this.minimumSilence = Timings.minimumSilence(options).toNanos();
    // From a declaration of death to the landing of the grant it leads to: a rebalance and a few commit attempts, or a
    // commit held on the wire past the leader's lease (Faults.heldPastLease: up to electionTimeout + 1 s), which with
    // a death bound far below the lease (the sub-second preset) is the longer.
    this.recency = Math.max(Timings.detectionBound(options).multipliedBy(2).plus(options.getOperationTimeout().multipliedBy(4)).toNanos(),
        options.getElectionTimeout().plus(Duration.ofSeconds(1)).plus(options.getOperationTimeout()).toNanos());
    this.drainTimeout = options.getDrainTimeout().toNanos();
    this.idTtl = options.getWorkerIdTtl().toNanos();
  }

  List<String> violations() {
    return violations;
  }

  /** At the server: an entry landed, written by {@code from} in {@code session} (both null for the operator). */
  void landed(SimServer.Stream stream, KvEntry entry, SimProcess from, String session) {
    long now = simulation.queue().now();
    PartiOptions options = simulation.options();
    if (entry.isRemoval()) {
      if (stream.name.equals(options.assignmentBucket())) {
        lastVersion = 0; // an operator removed the record: the chain restarts, above what workers applied
      }
      return;
    }
    if (stream.name.equals(options.idsBucket()) && session != null) {
      leaseStored.put(session, now);
      claimedAt.putIfAbsent(session, now);
    } else if (stream.name.equals(options.heartbeatBucket())) {
      Heartbeat beat = Heartbeat.decode(entry.value());
      simulation.trace(from, "beat " + beat.workerId() + " session " + beat.session() + " applied v" + beat.appliedVersion()
          + (beat.leaving() ? " leaving" : "") + (beat.left() ? " left" : ""));
      beats.computeIfAbsent(beat.session(), k -> new ArrayList<>()).add(now);
    } else if (stream.name.equals(options.assignmentBucket()) && from != null) {
      AssignmentRecord record = AssignmentCodec.decode(entry.value());
      simulation.trace(from, "committed v" + record.version() + " epoch " + record.leaderEpoch() + " sessions " + record.sessions()
          + " slots " + record.slots().entrySet().stream().map(e -> e.getKey() + "=" + slot(e.getValue())).toList());
      assignment(record, now);
    }
  }

  /** At {@code process}: the answer to one of its heartbeats arrived (it landed, and the process learnt so). */
  void heartbeatAnswered(SimProcess process) {
    answeredBeats.computeIfAbsent(process, k -> new ArrayList<>()).add(simulation.queue().now());
  }

  private void assignment(AssignmentRecord record, long now) {
    long applied = 0;
    for (SimProcess p : simulation.processes()) {
      if (!p.crashed()) {
        applied = Math.max(applied, p.coordinator().assignmentVersion());
      }
    }
    if (record.version() <= lastVersion || record.version() <= applied) {
      violate("version", "assignment v" + record.version() + " (epoch " + record.leaderEpoch() + ") landed after v"
          + lastVersion + " with a worker at v" + applied);
    }
    if (record.leaderEpoch() < lastEpoch) {
      violate("leader", "assignment v" + record.version() + " of leader epoch " + record.leaderEpoch()
          + " landed after one of epoch " + lastEpoch + ": two leaders committed");
    }
    lastVersion = Math.max(lastVersion, record.version());
    lastEpoch = Math.max(lastEpoch, record.leaderEpoch());
    record.slots().forEach((id, slot) -> {
      if (slot.isOwned()) {
        granted.putIfAbsent(id + "@" + slot.epoch() + "@" + slot.owner(), now);
      }
    });
  }

  /** A run begins: its epoch, and whether an older run is still draining. */
  void started(Runs.Run run) {
    long now = simulation.queue().now();
    for (Runs.Run earlier : simulation.runs().of(run.partition)) {
      if (earlier == run) {
        continue;
      }
      boolean sameSession = earlier.session != null && earlier.session.equals(run.session);
      boolean stale = sameSession ? run.epoch < earlier.epoch : run.epoch <= earlier.epoch;
      if (stale && !cutOffWithinLease(run, earlier)) {
        violate("epoch", run + " started after " + earlier + ": the epoch did not increase");
      }
      if (earlier.draining() && now < earlier.gateClosedAt + drainTimeout && !cutOffBefore(earlier, run)) {
        violate("drain", run + " started while " + earlier + " was draining (gate closed "
            + ms(now - earlier.gateClosedAt) + " ago, its worker in contact)");
      }
    }
  }

  /** At the end of an instant: what holds now holds for a span of time. */
  void endOfInstant() {
    simulation.runs().observeGates();
    exclusive();
    idHolders();
  }

  private void exclusive() {
    Map<String, List<Runs.Run>> holders = new HashMap<>();
    for (Runs.Run run : simulation.runs().active()) {
      if (run.holding()) {
        holders.computeIfAbsent(run.partition, k -> new ArrayList<>(2)).add(run);
      }
    }
    long now = simulation.queue().now();
    holders.forEach((partition, runs) -> {
      if (runs.size() < 2) {
        return;
      }
      runs.sort((a, b) -> Long.compare(a.epoch, b.epoch));
      for (int i = 1; i < runs.size(); i++) {
        Runs.Run superseded = runs.get(0);
        Runs.Run newer = runs.get(i);
        if (!cutOffWithinLease(superseded, newer)) {
          violate("exclusive", partition + " held twice: " + superseded + " and " + newer
              + (fencing ? " (degradedFencing)" : "; the superseded one's lease ends at " + ms(leaseEnd(superseded.session))));
        }
      }
    });
  }

  private void idHolders() {
    Map<String, List<SimProcess>> byId = new HashMap<>();
    for (SimProcess p : simulation.processes()) {
      String id = p.coordinator().workerId();
      if (p.running() && id != null && p.coordinator().holdsWorkerId()) {
        byId.computeIfAbsent(id, k -> new ArrayList<>(2)).add(p);
      }
    }
    long now = simulation.queue().now();
    byId.forEach((id, holders) -> {
      if (holders.size() < 2) {
        return;
      }
      holders.sort((a, b) -> Long.compare(claimedAt.getOrDefault(a.session(), Long.MAX_VALUE),
          claimedAt.getOrDefault(b.session(), Long.MAX_VALUE)));
      SimProcess older = holders.get(0);
      long end = keepsRunning ? Math.max(leaseEnd(older.session()), regained(older, leaseEnd(older.session())))
          : leaseEnd(older.session());
      if (now > end) {
        violate("id", id + " held by " + holders + " past the lease of " + older.name() + " (ended " + ms(leaseEnd(older.session())) + ")");
      }
    });
  }

  /**
   * The allowance, without degraded fencing: {@code superseded}'s session was cut off before {@code newer}'s grant
   * landed, and its lease has not ended (with {@code KEEP_RUNNING}: it has not been back in contact for long).
   */
  private boolean cutOffWithinLease(Runs.Run superseded, Runs.Run newer) {
    if (fencing || !cutOffBefore(superseded, newer)) {
      return false;
    }
    long end = keepsRunning ? Math.max(leaseEnd(superseded.session), regained(superseded.process, grantOf(newer)))
        : leaseEnd(superseded.session);
    return simulation.queue().now() < end;
  }

  /**
   * With {@code KEEP_RUNNING}: until when a process cut off at {@code since} may act on what it knew then: the grace,
   * from the start of its first spell of contact after {@code since} that lasted that long (answers to its heartbeats
   * arriving no further apart than {@link #answerGap}; a spell still under way counts as lasting); unbounded while none
   * began. A heartbeat that lands while the process is cut off or paused tells it nothing, and contact that is lost
   * again at once leaves it no time to act.
   */
  private long regained(SimProcess process, long since) {
    long spell = Long.MIN_VALUE;
    long previous = Long.MIN_VALUE;
    for (long t : answeredBeats.getOrDefault(process, List.of())) {
      if (t <= since) {
        continue;
      }
      if (spell == Long.MIN_VALUE || t - previous > answerGap) {
        spell = t;
      }
      previous = t;
      if (t - spell >= regainGrace) {
        return spell + regainGrace;
      }
    }
    long now = simulation.queue().now();
    return spell != Long.MIN_VALUE && now - previous <= answerGap ? spell + regainGrace : Long.MAX_VALUE;
  }

  /** Whether {@code superseded}'s session was silent for the minimum silence shortly before {@code newer}'s grant. */
  private boolean cutOffBefore(Runs.Run superseded, Runs.Run newer) {
    return silent(superseded.session, grantOf(newer));
  }

  /**
   * Whether the session's landed heartbeats show a silence of at least the minimum silence that began before
   * {@code grant} and ended no earlier than {@code recency} before it (or lasted until it). A silence begins at a
   * landed heartbeat, or at the session's claim of its id.
   */
  private boolean silent(String session, long grant) {
    List<Long> times = beats.getOrDefault(session, List.of());
    long previous = claimedAt.getOrDefault(session, times.isEmpty() ? grant : times.get(0));
    for (long t : times) {
      if (t > grant) {
        break;
      }
      if (t - previous >= minimumSilence && t >= grant - recency) {
        return true;
      }
      previous = Math.max(previous, t);
    }
    return grant - previous >= minimumSilence;
  }

  private long leaseEnd(String session) {
    Long stored = leaseStored.get(session);
    return stored == null ? 0 : stored + idTtl;
  }

  /** When the grant a run runs under landed (its start, if no landed record granted it). */
  private long grantOf(Runs.Run run) {
    return granted.getOrDefault(run.partition + "@" + run.epoch + "@" + run.workerId, run.startedAt);
  }

  void violate(String invariant, String what) {
    if (reported.add(invariant + ":" + what)) {
      String line = "[" + ms(simulation.queue().now()) + "] " + invariant + ": " + what;
      violations.add(line);
      simulation.trace(null, "VIOLATION " + line);
    }
  }

  private static String slot(io.parti.vertx.impl.protocol.Slot slot) {
    return slot.isOwned() ? slot.owner() + "@" + slot.epoch() : slot.releasing() != null ? "~" + slot.releasing() + ">" + slot.revokedAt() : "-";
  }

  static String ms(long nanos) {
    return String.format("%.3fs", nanos / 1e9);
  }

  /** The partitions held now, by partition id: for liveness. */
  Map<String, Set<Runs.Run>> holdersNow() {
    Map<String, Set<Runs.Run>> holders = new HashMap<>();
    for (Runs.Run run : simulation.runs().active()) {
      if (run.holding()) {
        holders.computeIfAbsent(run.partition, k -> new LinkedHashSet<>()).add(run);
      }
    }
    return holders;
  }
}
