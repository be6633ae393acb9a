package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Slot;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The two-phase hand-off as a pure function: given the committed record, the target owners and the workers' live
 * sessions, the slots and sessions of the next commit.
 * <p>
 * A grant belongs to one session of its worker id (the record's {@code sessions}). A partition moving away from a
 * live holder is first revoked (no owner, its worker releasing); it is granted again only once that very session
 * reported a version at or after the revoking one applied (it stopped the partition), or is dead. A new session of
 * the same id is no receipt: the old session may still run (a paused process that resumed, a duplicate instance, a
 * pod replaced while cut off), so its grants are revoked and released like any others, and the new session gets
 * grants only once nothing is held under the old one. A partition whose holder is dead is granted at once; one that
 * does not move is not touched. So no partition is granted while another live session may still run it.
 */
final class HandoffPlanner {

  /**
   * The next commit's ownership.
   *
   * @param slots    by partition id
   * @param sessions the session each referenced or active worker's grants are for
   */
  record Plan(SortedMap<String, Slot> slots, SortedMap<String, String> sessions) {
  }

  private HandoffPlanner() {
  }

  /**
   * @param current     the committed record
   * @param target      the owner each partition should end with (from the strategy)
   * @param fleet       the workers' live sessions and their receipts
   * @param nextVersion the version the result will be committed as
   * @param barrier     when above 0, nothing is granted until every live session applied this version (the leader
   *                    lost track of what ran where; a view that may miss a session has no version applied by all)
   */
  static Plan plan(AssignmentRecord current, Map<Partition, String> target, FleetView fleet, long nextVersion, long barrier) {
    Map<String, Partition> wanted = new HashMap<>();
    target.keySet().forEach(p -> wanted.put(p.id(), p));
    SortedMap<String, Slot> next = new TreeMap<>();
    Map<String, Partition> free = new HashMap<>();
    Map<String, String> holding = new HashMap<>();
    current.slots().forEach((id, slot) -> {
      Partition partition = wanted.get(id);
      String owner = partition == null ? null : target.get(partition);
      int weight = partition == null ? slot.weight() : partition.weight();
      Slot settled = settle(slot, owner, weight, current, fleet, nextVersion);
      if (settled != null) {
        next.put(id, settled);
        String worker = settled.isOwned() ? settled.owner() : settled.releasing();
        holding.put(worker, holderSession(worker, current, fleet));
      } else if (partition != null) {
        free.put(id, partition);
      }
      // else: no longer wanted and no longer held, so its slot goes (versions keep later epochs rising)
    });
    wanted.forEach((id, partition) -> {
      if (!current.slots().containsKey(id)) {
        free.put(id, partition);
      }
    });
    // A worker still referenced under an older session gets nothing new until that session let go of everything.
    Set<String> blocked = new HashSet<>();
    holding.forEach((worker, session) -> {
      if (session == null || !session.equals(fleet.session(worker))) {
        blocked.add(worker);
      }
    });
    boolean mayGrant = barrier <= 0 || fleet.allApplied(barrier);
    free.forEach((id, partition) -> {
      Slot previous = current.slots().get(id);
      long epoch = previous == null ? 0 : previous.epoch();
      String owner = target.get(partition);
      String session = owner == null ? null : fleet.session(owner);
      if (mayGrant && session != null && !blocked.contains(owner)) {
        next.put(id, Slot.owned(owner, Math.max(epoch + 1, nextVersion), partition.weight()));
        holding.put(owner, session);
      } else {
        next.put(id, Slot.unowned(epoch, partition.weight()));
      }
    });
    SortedMap<String, String> sessions = new TreeMap<>();
    holding.forEach((worker, session) -> {
      if (session != null) {
        sessions.put(worker, session);
      }
    });
    for (String worker : fleet.active()) {
      if (!sessions.containsKey(worker)) {
        sessions.put(worker, fleet.session(worker));
      }
    }
    return new Plan(next, sessions);
  }

  /**
   * The slot without any new grant: kept, revoked or still releasing; {@code null} when nobody holds the partition
   * any more and it is free to grant.
   */
  private static Slot settle(Slot slot, String target, int weight, AssignmentRecord current, FleetView fleet, long nextVersion) {
    if (slot.isOwned()) {
      String holder = holderSession(slot.owner(), current, fleet);
      boolean holderAlive = holder != null && fleet.alive(slot.owner(), holder);
      boolean stays = slot.owner().equals(target) && holder != null && holder.equals(fleet.session(slot.owner()));
      if (stays) {
        return slot.weight() == weight ? slot : Slot.owned(slot.owner(), slot.epoch(), weight);
      }
      return holderAlive ? Slot.releasing(slot.owner(), slot.epoch(), nextVersion, weight) : null;
    }
    if (slot.releasing() == null) {
      return null;
    }
    String holder = holderSession(slot.releasing(), current, fleet);
    boolean released = holder == null || !fleet.alive(slot.releasing(), holder)
        || fleet.applied(slot.releasing(), holder) >= slot.revokedAt();
    if (released) {
      return null;
    }
    return slot.weight() == weight ? slot : Slot.releasing(slot.releasing(), slot.epoch(), slot.revokedAt(), weight);
  }

  /** The session {@code worker}'s grants in the record are for: the recorded one, or (records without) the current one. */
  private static String holderSession(String worker, AssignmentRecord current, FleetView fleet) {
    String recorded = current.sessions().get(worker);
    return recorded != null ? recorded : fleet.session(worker);
  }
}
