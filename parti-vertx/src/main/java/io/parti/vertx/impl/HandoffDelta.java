package io.parti.vertx.impl;

import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one commit changes for the hand-off metrics, computed beside the plan (off the event loop when the
 * partitions are many).
 *
 * @param revoked   partitions whose release this commit asks of a live owner
 * @param orphaned  partitions this commit takes from an owner that is no longer alive
 * @param granted   partitions this commit gives to an owner that did not own them
 * @param unowned   partitions the new record leaves without an owner
 */
record HandoffDelta(List<String> revoked, List<String> orphaned, List<String> granted, int unowned) {

  /** A commit that moves nothing (the fencing commit). */
  static final HandoffDelta NONE = new HandoffDelta(List.of(), List.of(), List.of(), 0);

  static HandoffDelta between(AssignmentRecord base, AssignmentRecord next, Set<String> live) {
    List<String> revoked = new ArrayList<>();
    List<String> orphaned = new ArrayList<>();
    List<String> granted = new ArrayList<>();
    int unowned = 0;
    for (var e : next.slots().entrySet()) {
      String partition = e.getKey();
      Slot now = e.getValue();
      Slot before = base.slots().get(partition);
      String previous = before == null ? null : before.isOwned() ? before.owner() : before.releasing();
      if (previous != null && !live.contains(previous) && !previous.equals(now.owner())) {
        orphaned.add(partition);
      } else if (now.releasing() != null && (before == null || before.releasing() == null)) {
        revoked.add(partition);
      }
      if (now.isOwned() && (before == null || !now.owner().equals(before.owner()))) {
        granted.add(partition);
      } else if (!now.isOwned()) {
        unowned++;
      }
    }
    return new HandoffDelta(revoked, orphaned, granted, unowned);
  }
}
