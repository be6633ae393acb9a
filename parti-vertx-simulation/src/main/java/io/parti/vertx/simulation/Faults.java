package io.parti.vertx.simulation;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The per-message faults of one history and their rates, drawn from its seed, and the count of every fault
 * injected (by {@link Faults} itself or by {@link Chaos}). Once {@link #stop()} is called every answer is the
 * normal one.
 */
final class Faults {

  private static final long MS = 1_000_000;

  /** What happens to one operation. */
  enum Fate { NORMAL, LOST, LANDS_AFTER_TIMEOUT, REPLY_LOST, HELD_PAST_LEASE, STALE, FAILS, HANGS, SLOW }

  /** A fate a scripted test chose for the next request matching a rule; {@code asOf} dates a stale read's answer. */
  private record Scripted(java.util.function.Predicate<Hold.Request> rule, Fate fate, long asOf) {
  }

  /** When the answer of the stale read a scripted test chose last was current (virtual nanoseconds). */
  private long staleAsOf;

  private final java.util.List<Scripted> scripted = new java.util.ArrayList<>();

  private final Simulation simulation;
  private final SplittableRandom random;
  private final Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
  private final double slowMessage;
  private final double watchStall;
  private final double writeLost;
  private final double writeLate;
  private final double replyLost;
  private final double holdCommit;
  private final double staleRead;
  private final double expiryJitter;
  private final double startFault;
  private final double stopFault;
  private boolean stopped;

  Faults(Simulation simulation, SplittableRandom random, double intensity) {
    this.simulation = simulation;
    this.random = random;
    // Each history mixes its own faults: some rates are zero, the others vary.
    this.slowMessage = rate(0.02 * intensity);
    this.watchStall = rate(0.02 * intensity);
    this.writeLost = rate(0.01 * intensity);
    this.writeLate = rate(0.01 * intensity);
    this.replyLost = rate(0.01 * intensity);
    this.holdCommit = rate(0.05 * intensity);
    this.staleRead = rate(0.2 * intensity);
    this.expiryJitter = rate(0.3 * intensity);
    this.startFault = rate(0.05 * intensity);
    this.stopFault = rate(0.05 * intensity);
  }

  private double rate(double max) {
    return random.nextInt(3) == 0 ? 0 : random.nextDouble() * max;
  }

  /** The next request matching {@code rule} meets {@code fate} (a scripted test's fault); counted like a random one. */
  void next(java.util.function.Predicate<Hold.Request> rule, Fate fate) {
    scripted.add(new Scripted(rule, fate, 0));
  }

  /** The next request matching {@code rule} is a read answered by a replica that is still at virtual time {@code asOf}. */
  void nextStaleRead(java.util.function.Predicate<Hold.Request> rule, long asOf) {
    scripted.add(new Scripted(rule, Fate.STALE, asOf));
  }

  /** When the answer of the last scripted stale read was current. */
  long staleAsOf() {
    return staleAsOf;
  }

  /** Whether a scripted fate still waits for its request. */
  boolean scriptedPending() {
    return !scripted.isEmpty();
  }

  /** The fate a scripted test chose for this request, or {@code null}. */
  Fate scripted(Hold.Request request) {
    for (java.util.Iterator<Scripted> it = scripted.iterator(); it.hasNext(); ) {
      Scripted s = it.next();
      if (s.rule().test(request)) {
        it.remove();
        staleAsOf = s.asOf();
        return s.fate();
      }
    }
    return null;
  }

  /** From now on, nothing goes wrong any more. */
  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  void count(FaultKind kind) {
    counts.merge(kind, 1, Integer::sum);
    simulation.trace(null, "fault " + kind);
  }

  Map<FaultKind, Integer> counts() {
    return counts;
  }

  private boolean chance(double p) {
    return !stopped && p > 0 && random.nextDouble() < p;
  }

  /** The one-way delay of a message. */
  long latency() {
    long base = random.nextLong(100_000, 1_500_000);
    return chance(slowMessage) ? base + random.nextLong(5 * MS, 150 * MS) : base;
  }

  /** The delay of one watch delivery: usually a message's, sometimes a stall. */
  long watchDelay() {
    if (chance(watchStall)) {
      count(FaultKind.WATCH_DELAY);
      return random.nextLong(50 * MS, 1500 * MS);
    }
    return latency();
  }

  /** How long past its timeout a late write lands. */
  long lateness() {
    return random.nextLong(MS, 1500 * MS);
  }

  /** The fate of a write by {@code process}. */
  Fate writeFate(SimProcess process, String bucket, String key) {
    if (stopped) {
      return Fate.NORMAL;
    }
    if (bucket.equals(simulation.options().assignmentBucket()) && process.coordinator().isLeader() && chance(holdCommit)) {
      count(FaultKind.LEADER_LEASE_ENDS_DURING_COMMIT);
      return Fate.HELD_PAST_LEASE;
    }
    double r = random.nextDouble();
    if (r < writeLost) {
      count(FaultKind.WRITE_LOST);
      return Fate.LOST;
    }
    if (r < writeLost + writeLate) {
      count(FaultKind.WRITE_LANDS_AFTER_TIMEOUT);
      return Fate.LANDS_AFTER_TIMEOUT;
    }
    if (r < writeLost + writeLate + replyLost) {
      count(FaultKind.WRITE_LANDS_BEFORE_TIMEOUT);
      return Fate.REPLY_LOST;
    }
    return Fate.NORMAL;
  }

  /** How long a write held past its leader's lease stays on the wire. */
  long heldPastLease() {
    return simulation.options().getElectionTimeout().toNanos() + random.nextLong(MS, 1000 * MS);
  }

  /** How many writes behind a replica answering a direct get is (0: the stream leader answers). */
  long replicaLag() {
    return chance(staleRead) ? random.nextLong(1, 6) : 0;
  }

  /** When a key stored now expires: after its MaxAge, sometimes up to 15% earlier or 30% later. */
  long expiryDelay(long maxAge) {
    if (chance(expiryJitter)) {
      count(FaultKind.EXPIRY_JITTER);
      return maxAge - maxAge * 15 / 100 + (long) (random.nextDouble() * maxAge * 45 / 100);
    }
    return maxAge;
  }

  Fate startFate() {
    return verticleFate(startFault, FaultKind.START_FAILS, FaultKind.START_HANGS, FaultKind.START_SLOW);
  }

  Fate stopFate() {
    return verticleFate(stopFault, FaultKind.STOP_FAILS, FaultKind.STOP_HANGS, FaultKind.STOP_SLOW);
  }

  private Fate verticleFate(double rate, FaultKind fails, FaultKind hangs, FaultKind slow) {
    if (!chance(rate)) {
      return Fate.NORMAL;
    }
    int which = random.nextInt(3);
    count(which == 0 ? fails : which == 1 ? hangs : slow);
    return which == 0 ? Fate.FAILS : which == 1 ? Fate.HANGS : Fate.SLOW;
  }

  /** How long a verticle's start or stop takes. */
  long verticleTime(Fate fate) {
    return fate == Fate.SLOW ? random.nextLong(500 * MS, 4000 * MS) : random.nextLong(100_000, 3 * MS);
  }
}
