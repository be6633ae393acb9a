package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.Slot;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The two-phase hand-off as a pure function: given the committed slots and the target owners, the slots
 * of the next commit.
 * <p>
 * A partition moving from a live worker A to B is first revoked (no owner, A releasing); only once A's
 * heartbeat reports a version at or after the revoking one applied (A has stopped it), or A is dead, is it
 * granted to B with a raised epoch (never lower than the committing version, so it keeps rising even across a
 * removal and re-add of the partition). A partition whose owner is dead is granted at once. A partition that
 * does not move is not touched. So no partition is ever granted while another live worker may still run it.
 */
final class HandoffPlanner {

  private HandoffPlanner() {
  }

  /**
   * @param current     the committed slots, by partition id
   * @param target      the owner each partition should end with (from the strategy)
   * @param live        workers whose heartbeat is present (leaving ones included)
   * @param applied     the assignment version each live worker last reported applied
   * @param nextVersion the version the result will be committed as
   */
  static SortedMap<String, Slot> plan(Map<String, Slot> current, Map<Partition, String> target, Set<String> live,
                                      Map<String, Long> applied, long nextVersion) {
    return plan(current, target, live, applied, nextVersion, Set.of());
  }

  /**
   * The same, where {@code renewed} names workers whose id is now held by another session than the one their
   * grants were for: that session stopped everything before it let the id go, so its grants are released, and
   * what stays with the worker is granted anew, under a new epoch, to the session that holds the id now.
   */
  static SortedMap<String, Slot> plan(Map<String, Slot> current, Map<Partition, String> target, Set<String> live,
                                      Map<String, Long> applied, long nextVersion, Set<String> renewed) {
    SortedMap<String, Slot> next = new TreeMap<>();
    target.forEach((partition, owner) -> {
      Slot slot = current.getOrDefault(partition.id(), Slot.unowned(0, partition.weight()));
      next.put(partition.id(), step(slot, owner, partition.weight(), live, applied, nextVersion, renewed));
    });
    // Partitions no longer wanted (removed from the source, or no worker left): their owner must still
    // stop them before the slot can go, or a quick re-add could start them twice.
    current.forEach((id, slot) -> {
      if (!next.containsKey(id)) {
        Slot kept = step(slot, null, slot.weight(), live, applied, nextVersion, renewed);
        if (kept.releasing() != null) {
          next.put(id, kept);
        }
      }
    });
    return next;
  }

  private static Slot step(Slot slot, String target, int weight, Set<String> live, Map<String, Long> applied,
                           long nextVersion, Set<String> renewed) {
    if (slot.isOwned()) {
      boolean stale = renewed.contains(slot.owner());
      if (!stale && slot.owner().equals(target)) {
        return slot.weight() == weight ? slot : Slot.owned(slot.owner(), slot.epoch(), weight);
      }
      if (!stale && live.contains(slot.owner())) {
        return Slot.releasing(slot.owner(), slot.epoch(), nextVersion, weight);
      }
      return grant(target, slot.epoch(), weight, nextVersion);
    }
    boolean released = slot.releasing() == null || !live.contains(slot.releasing()) || renewed.contains(slot.releasing())
        || applied.getOrDefault(slot.releasing(), 0L) >= slot.revokedAt();
    if (!released) {
      return slot.weight() == weight ? slot : Slot.releasing(slot.releasing(), slot.epoch(), slot.revokedAt(), weight);
    }
    return grant(target, slot.epoch(), weight, nextVersion);
  }

  /**
   * A grant's epoch is at least the version that commits it: versions rise across commits and leaders, so the
   * epoch rises even for a partition that left the assignment (its slot, and so its epoch, dropped) and came back.
   */
  private static Slot grant(String target, long epoch, int weight, long nextVersion) {
    return target == null ? Slot.unowned(epoch, weight) : Slot.owned(target, Math.max(epoch + 1, nextVersion), weight);
  }
}
