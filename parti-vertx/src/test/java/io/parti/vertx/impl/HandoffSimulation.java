package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Slot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader driving {@link HandoffPlanner#plan} against sessions that apply committed versions late and report them
 * later still, die, join, re-claim a worker id while the old session still runs (a duplicate instance, a resumed
 * pause), and are declared dead while they run on (cut off). Every commit is checked against what the sessions
 * really run, kept here independently of the slots' own bookkeeping.
 */
final class HandoffSimulation {

  static final int POOL_SIZE = 10;
  private static final List<Partition> POOL = new ArrayList<>();

  static {
    for (int i = 0; i < POOL_SIZE; i++) {
      POOL.add(Partition.of("orders", Integer.toString(i)));
    }
  }

  /** One claim of a worker id. */
  private static final class Session {
    final String id;
    final String worker;
    /** Runs what it applied: until it is killed (a declared-dead session still runs). */
    boolean running = true;
    /** The leader hears from it (its heartbeats land): false once killed or declared dead. */
    boolean inView = true;
    long applied;
    long reported;

    Session(String id, String worker) {
      this.id = id;
      this.worker = worker;
    }
  }

  private final List<Session> sessions = new ArrayList<>();
  private final Map<String, Session> holder = new HashMap<>();
  private final List<AssignmentRecord> versions = new ArrayList<>();
  private Map<Partition, String> target = Map.of();
  /** Per partition: the session that ran it under its last grant. */
  private final Map<String, Long> maxEpoch = new HashMap<>();
  private int grants;
  private int workers;

  HandoffSimulation(int initialWorkers) {
    versions.add(new AssignmentRecord(0, 1, "leader", List.of(), new TreeMap<>()));
    for (int i = 0; i < initialWorkers; i++) {
      join();
    }
  }

  long latest() {
    return versions.get(versions.size() - 1).version();
  }

  AssignmentRecord committed() {
    return versions.get(versions.size() - 1);
  }

  Map<Partition, String> target() {
    return target;
  }

  int grants() {
    return grants;
  }

  void join() {
    claim("worker-" + workers++);
  }

  /** A new session claims {@code worker}'s id; the one holding it runs on as it was. */
  private void claim(String worker) {
    Session session = new Session("s" + sessions.size(), worker);
    sessions.add(session);
    holder.put(worker, session);
  }

  /** A second process takes over the id of a live worker while the first keeps running. */
  void reclaim(int pick) {
    Session old = pickInView(pick);
    if (old != null) {
      claim(old.worker);
    }
  }

  /** A crash: the session stops running anything and the leader stops hearing from it. */
  void kill(int pick) {
    Session s = pickInView(pick);
    if (s != null) {
      s.running = false;
      s.inView = false;
    }
  }

  /** A cut-off worker: the leader declares it dead, but it keeps running what it applied. */
  void declareDead(int pick) {
    Session s = pickInView(pick);
    if (s != null) {
      s.inView = false;
    }
  }

  /** A session applies some committed version newer than what it runs. */
  void apply(int pick, int versionPick) {
    Session s = pickRunning(pick);
    if (s != null && s.applied < latest()) {
      s.applied = s.applied + 1 + Math.floorMod(versionPick, latest() - s.applied);
    }
  }

  /** A session's heartbeat reports what it applied. */
  void report(int pick) {
    Session s = pickInView(pick);
    if (s != null) {
      s.reported = s.applied;
    }
  }

  void everyoneAppliesAndReports() {
    for (Session s : sessions) {
      if (s.running) {
        s.applied = latest();
      }
      if (s.inView) {
        s.reported = s.applied;
      }
    }
  }

  /** Kills every session that does not hold its id any more: the quiet end of a history. */
  void retireOldSessions() {
    for (Session s : sessions) {
      if (holder.get(s.worker) != s) {
        s.running = false;
        s.inView = false;
      }
    }
  }

  /** A new target from the strategy: some partitions of the pool (with weights), each on an active worker. */
  void retarget(long seed) {
    Random random = new Random(seed);
    List<String> owners = new ArrayList<>(view().active());
    Map<Partition, String> next = new HashMap<>();
    if (!owners.isEmpty()) {
      for (Partition partition : POOL) {
        if (random.nextInt(5) > 0) {
          int weight = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
          next.put(partition.withWeight(weight), owners.get(random.nextInt(owners.size())));
        }
      }
    }
    target = next;
  }

  void ensureSomeoneLive() {
    if (view().active().isEmpty()) {
      join();
    }
  }

  /** The leader's view: every session it hears from, the latest claim of each id holding it. */
  FleetView view() {
    Map<String, LinkedHashMap<String, FleetView.Session>> byWorker = new TreeMap<>();
    Map<String, FleetView.Session> current = new HashMap<>();
    for (Session s : sessions) {
      if (s.inView) {
        FleetView.Session seen = new FleetView.Session(s.id, s.reported, false);
        byWorker.computeIfAbsent(s.worker, k -> new LinkedHashMap<>()).put(s.id, seen);
        if (holder.get(s.worker) == s) {
          current.put(s.worker, seen);
        }
      }
    }
    Map<String, FleetView.Worker> workers = new HashMap<>();
    byWorker.forEach((worker, live) -> workers.put(worker, new FleetView.Worker(current.get(worker), live)));
    return new FleetView(workers);
  }

  /** One leader step: plan, check, and commit when the plan differs. Returns whether it committed. */
  boolean plan() {
    AssignmentRecord before = committed();
    FleetView view = view();
    long version = latest() + 1;
    HandoffPlanner.Plan plan = HandoffPlanner.plan(before, target, view, version, 0);
    check(before, plan, view, version);
    if (plan.slots().equals(before.slots()) && plan.sessions().equals(before.sessions())) {
      return false;
    }
    versions.add(before.next(version, 1, "leader", "test", new ArrayList<>(view.active()), plan.sessions(), plan.slots(), 0));
    return true;
  }

  /** What each partition of the committed version is owned by. */
  Map<String, String> owners() {
    Map<String, String> owners = new TreeMap<>();
    committed().slots().forEach((id, slot) -> owners.put(id, slot.owner()));
    return owners;
  }

  /** What {@code s} runs: its worker's grants in the version it applied, if they are for it. */
  private Map<String, Slot> runs(Session s) {
    AssignmentRecord record = versions.get((int) s.applied);
    return s.running && record.grantsFor(s.worker, s.id) ? record.ownedBy(s.worker) : Map.of();
  }

  /**
   * The end-to-end property: no partition runs in two sessions the leader hears from. (A session declared dead
   * while it runs on is the cut-off worker the guarantees allow for.)
   */
  void checkNoPartitionRunsTwice() {
    Map<String, Session> runner = new HashMap<>();
    for (Session s : sessions) {
      if (s.inView) {
        runs(s).forEach((id, slot) -> {
          Session other = runner.put(id, s);
          assertThat(other).as("%s runs in %s (%s) and %s (%s)", id, other == null ? null : other.id,
              other == null ? null : other.worker, s.id, s.worker).isNull();
        });
      }
    }
  }

  /** Every grant of a plan: nobody the leader hears from may still run the partition, and the epoch rises. */
  private void check(AssignmentRecord before, HandoffPlanner.Plan plan, FleetView view, long version) {
    plan.slots().forEach((id, slot) -> {
      Slot old = before.slots().get(id);
      assertThat(slot.owner() == null || slot.releasing() == null).as("%s is owned and releasing: %s", id, slot).isTrue();
      boolean granted = slot.owner() != null && (old == null || !slot.owner().equals(old.owner()) || slot.epoch() != old.epoch());
      if (!granted) {
        return;
      }
      String grantee = view.session(slot.owner());
      for (Session s : sessions) {
        long lastHeld = lastHeld(id, s);
        if (s.inView && !s.id.equals(grantee) && lastHeld >= 0) {
          assertThat(s.reported).as("%s granted to %s in v%d while %s (%s), heard from, may still run it: it held it in"
              + " v%d and reported only v%d", id, slot.owner(), version, s.id, s.worker, lastHeld, s.reported)
              .isGreaterThan(lastHeld);
        }
      }
      assertThat(view.session(slot.owner())).as("granted to a worker with no live session").isNotNull();
      assertThat(plan.sessions().get(slot.owner())).as("%s granted to a stale session of %s", id, slot.owner())
          .isEqualTo(view.session(slot.owner()));
      assertThat(slot.epoch()).as("epoch of %s granted in v%d", id, version).isGreaterThan(maxEpoch.getOrDefault(id, 0L));
      maxEpoch.put(id, slot.epoch());
      grants++;
    });
  }

  /**
   * The last committed version in which {@code s} holds {@code id}, or -1: until {@code s} reports a later one, it
   * runs the partition or may still apply a version that makes it run it.
   */
  private long lastHeld(String id, Session s) {
    for (int v = versions.size() - 1; v >= 0; v--) {
      AssignmentRecord record = versions.get(v);
      if (record.grantsFor(s.worker, s.id) && record.ownedBy(s.worker).containsKey(id)) {
        return record.version();
      }
    }
    return -1;
  }

  private Session pickInView(int pick) {
    List<Session> candidates = sessions.stream().filter(s -> s.inView).toList();
    return candidates.isEmpty() ? null : candidates.get(Math.floorMod(pick, candidates.size()));
  }

  private Session pickRunning(int pick) {
    List<Session> candidates = sessions.stream().filter(s -> s.running).toList();
    return candidates.isEmpty() ? null : candidates.get(Math.floorMod(pick, candidates.size()));
  }
}
