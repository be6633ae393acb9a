package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.Slot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader driving {@link HandoffPlanner#plan} against a fleet of workers that die, join, apply committed
 * versions late and report them later still. Every commit is checked against an ownership history kept here,
 * independently of the slots' own bookkeeping, so a planner that forgot a release would be caught.
 */
final class HandoffSimulation {

  static final int POOL_SIZE = 10;
  private static final List<Partition> POOL = new ArrayList<>();

  static {
    for (int i = 0; i < POOL_SIZE; i++) {
      POOL.add(Partition.of("orders", Integer.toString(i)));
    }
  }

  private final List<String> everJoined = new ArrayList<>();
  private final Set<String> live = new TreeSet<>();
  /** The version each worker has really applied (what it runs). */
  private final Map<String, Long> applied = new HashMap<>();
  /** The version each worker's last heartbeat reported: at most what it applied. */
  private final Map<String, Long> reported = new HashMap<>();
  private final List<SortedMap<String, Slot>> versions = new ArrayList<>(List.of(new TreeMap<>()));
  private Map<Partition, String> target = Map.of();
  /** Per partition: the last worker made its owner, and the version that took it away (absent while it owns it). */
  private final Map<String, String> lastOwner = new HashMap<>();
  private final Map<String, Long> revokedIn = new HashMap<>();
  private final Map<String, Long> maxEpoch = new HashMap<>();
  private int grants;

  HandoffSimulation(int workers) {
    for (int i = 0; i < workers; i++) {
      join();
    }
  }

  long latest() {
    return versions.size() - 1;
  }

  SortedMap<String, Slot> committed() {
    return versions.get((int) latest());
  }

  Map<Partition, String> target() {
    return target;
  }

  int grants() {
    return grants;
  }

  void join() {
    String id = "worker-" + everJoined.size();
    everJoined.add(id);
    live.add(id);
    applied.put(id, 0L);
    reported.put(id, 0L);
  }

  /** A crash: the worker stops running anything and its heartbeat disappears. */
  void kill(int pick) {
    if (!live.isEmpty()) {
      live.remove(pickLive(pick));
    }
  }

  /** The worker applies some committed version newer than what it runs. */
  void apply(int pick, int versionPick) {
    if (live.isEmpty()) {
      return;
    }
    String worker = pickLive(pick);
    long from = applied.get(worker);
    if (from < latest()) {
      applied.put(worker, from + 1 + Math.floorMod(versionPick, latest() - from));
    }
  }

  /** The worker's heartbeat reports what it applied. */
  void report(int pick) {
    if (!live.isEmpty()) {
      String worker = pickLive(pick);
      reported.put(worker, applied.get(worker));
    }
  }

  void everyoneAppliesAndReports() {
    for (String worker : live) {
      applied.put(worker, latest());
      reported.put(worker, latest());
    }
  }

  /** A new target from the strategy: some partitions of the pool (with weights), each on a live worker. */
  void retarget(long seed) {
    Random random = new Random(seed);
    List<String> owners = new ArrayList<>(live);
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
    if (live.isEmpty()) {
      join();
    }
  }

  /** One leader step: plan, check, and commit when the plan differs. Returns whether it committed. */
  boolean plan() {
    Map<String, Long> heard = new HashMap<>();
    live.forEach(w -> heard.put(w, reported.get(w)));
    SortedMap<String, Slot> before = committed();
    long version = latest() + 1;
    SortedMap<String, Slot> next = HandoffPlanner.plan(before, target, Set.copyOf(live), heard, version);
    check(before, next, version);
    if (next.equals(before)) {
      return false;
    }
    versions.add(next);
    record(before, next, version);
    return true;
  }

  /** What each partition of the committed version is owned by. */
  Map<String, String> owners() {
    Map<String, String> owners = new TreeMap<>();
    committed().forEach((id, slot) -> owners.put(id, slot.owner()));
    return owners;
  }

  /** The end-to-end property: no partition runs on two live workers at any moment. */
  void checkNoPartitionRunsTwice() {
    Map<String, String> runner = new HashMap<>();
    for (String worker : live) {
      versions.get(applied.get(worker).intValue()).forEach((id, slot) -> {
        if (worker.equals(slot.owner())) {
          String other = runner.put(id, worker);
          assertThat(other).as("%s runs on %s and %s", id, other, worker).isNull();
        }
      });
    }
  }

  private void check(SortedMap<String, Slot> before, SortedMap<String, Slot> next, long version) {
    Map<String, Partition> wanted = new HashMap<>();
    target.keySet().forEach(p -> wanted.put(p.id(), p));
    next.forEach((id, slot) -> {
      Slot old = before.get(id);
      assertThat(slot.owner() == null || slot.releasing() == null).as("%s is owned and releasing: %s", id, slot).isTrue();
      assertThat(wanted.containsKey(id) || old != null).as("%s appeared from nowhere", id).isTrue();
      boolean granted = slot.owner() != null && (old == null || !slot.owner().equals(old.owner()) || slot.epoch() != old.epoch());
      if (granted) {
        String previous = lastOwner.get(id);
        if (previous != null && live.contains(previous)) {
          Long revoked = revokedIn.get(id);
          assertThat(revoked).as("%s granted to %s in %d while live %s still owns it", id, slot.owner(), version, previous).isNotNull();
          assertThat(reported.get(previous)).as("%s granted to %s in %d before %s reported releasing it (revoked in %d)",
              id, slot.owner(), version, previous, revoked).isGreaterThanOrEqualTo(revoked);
        }
        assertThat(slot.epoch()).as("epoch of %s granted in %d", id, version).isGreaterThan(maxEpoch.getOrDefault(id, 0L));
        assertThat(slot.owner()).isEqualTo(target.get(wanted.get(id)));
      } else if (old != null) {
        assertThat(slot.epoch()).as("epoch of %s changed without a grant", id).isEqualTo(old.epoch());
      }
    });
    before.forEach((id, old) -> {
      Partition partition = wanted.get(id);
      String holder = old.owner() != null ? old.owner() : old.releasing();
      boolean holderMayRun = holder != null && live.contains(holder)
          && (old.isOwned() || reported.get(holder) < old.revokedAt());
      boolean staying = partition != null && old.isOwned() && old.owner().equals(target.get(partition));
      if (staying) {
        Slot expected = Slot.owned(old.owner(), old.epoch(), partition.weight());
        assertThat(next.get(id)).as("%s does not move and must not be touched", id).isEqualTo(expected);
        if (old.weight() == partition.weight()) {
          assertThat(next.get(id)).isSameAs(old);
        }
      } else if (holderMayRun) {
        Slot slot = next.get(id);
        assertThat(slot).as("%s may still run on %s and must be kept releasing", id, holder).isNotNull();
        assertThat(slot.owner()).as("%s still held by %s", id, holder).isNull();
        assertThat(slot.releasing()).isEqualTo(holder);
        assertThat(slot.revokedAt()).isEqualTo(old.isOwned() ? version : old.revokedAt());
      } else if (partition == null) {
        assertThat(next).as("%s is unwanted and released", id).doesNotContainKey(id);
      } else {
        assertThat(next.get(id).owner()).as("%s is free and must go to its target", id).isEqualTo(target.get(partition));
      }
    });
    wanted.forEach((id, partition) -> {
      if (!before.containsKey(id)) {
        assertThat(next.get(id).owner()).as("new partition %s", id).isEqualTo(target.get(partition));
      }
    });
  }

  private void record(SortedMap<String, Slot> before, SortedMap<String, Slot> next, long version) {
    Set<String> ids = new TreeSet<>(before.keySet());
    ids.addAll(next.keySet());
    for (String id : ids) {
      Slot old = before.get(id);
      Slot slot = next.get(id);
      String owner = slot == null ? null : slot.owner();
      if (owner != null && (old == null || !owner.equals(old.owner()) || slot.epoch() != old.epoch())) {
        grants++;
        lastOwner.put(id, owner);
        revokedIn.remove(id);
        maxEpoch.merge(id, slot.epoch(), Math::max);
      } else if (owner == null && lastOwner.containsKey(id) && !revokedIn.containsKey(id)) {
        revokedIn.put(id, version);
      }
    }
  }

  private String pickLive(int pick) {
    List<String> workers = new ArrayList<>(live);
    return workers.get(Math.floorMod(pick, workers.size()));
  }
}
