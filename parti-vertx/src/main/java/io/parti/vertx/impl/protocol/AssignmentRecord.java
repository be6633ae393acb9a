package io.parti.vertx.impl.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole assignment, committed by the leader as one value under one key with a revision check.
 *
 * @param version     strictly increasing across commits and leaders; workers apply only newer versions
 * @param leaderEpoch the committing leader's epoch (its leader-key revision at election)
 * @param leader      the committing leader's worker id
 * @param workers     the live, non-leaving workers this assignment was computed for, sorted
 * @param sessions    the session (one claim of the worker id) each worker's grants are for: a later holder of
 *                    the same id does not run them, and the leader grants them anew under new epochs
 * @param slots       the ownership of every partition, by partition id
 * @param barrier     above 0: a leader lost track of what ran where (the record was deleted or unreadable), so
 *                    nothing is granted until every live session applied this version; 0 otherwise
 * @param strategy    the name of the strategy the committing leader ran, or {@code null} (unknown): a leader that
 *                    runs another one says so when it takes over
 */
public record AssignmentRecord(long version, long leaderEpoch, String leader, List<String> workers,
                               SortedMap<String, String> sessions, SortedMap<String, Slot> slots, long barrier,
                               String strategy) {

  public AssignmentRecord {
    workers = List.copyOf(workers);
    sessions = Collections.unmodifiableSortedMap(new TreeMap<>(sessions));
    slots = Collections.unmodifiableSortedMap(new TreeMap<>(slots));
  }

  /** A record without a strategy name. */
  public AssignmentRecord(long version, long leaderEpoch, String leader, List<String> workers,
                          SortedMap<String, String> sessions, SortedMap<String, Slot> slots, long barrier) {
    this(version, leaderEpoch, leader, workers, sessions, slots, barrier, null);
  }

  /** A record without a barrier. */
  public AssignmentRecord(long version, long leaderEpoch, String leader, List<String> workers,
                          SortedMap<String, String> sessions, SortedMap<String, Slot> slots) {
    this(version, leaderEpoch, leader, workers, sessions, slots, 0);
  }

  /** A record without sessions (one whose workers' grants are for whoever holds their ids). */
  public AssignmentRecord(long version, long leaderEpoch, String leader, List<String> workers, SortedMap<String, Slot> slots) {
    this(version, leaderEpoch, leader, workers, new TreeMap<>(), slots);
  }

  /** A later version {@code nextVersion}, committed by {@code leader}, which runs {@code strategy}. */
  public AssignmentRecord next(long nextVersion, long leaderEpoch, String leader, String strategy, List<String> workers,
                               Map<String, String> sessions, Map<String, Slot> slots, long barrier) {
    if (nextVersion <= version) {
      throw new IllegalArgumentException("version " + nextVersion + " does not follow " + version);
    }
    return new AssignmentRecord(nextVersion, leaderEpoch, leader, workers, new TreeMap<>(sessions), new TreeMap<>(slots),
        barrier, strategy);
  }

  /** Whether {@code workerId}'s grants here are for the session {@code session} (or for any, when not recorded). */
  public boolean grantsFor(String workerId, String session) {
    String granted = sessions.get(workerId);
    return granted == null || granted.equals(session);
  }

  /**
   * The worker id other than {@code workerId} whose grants here are for {@code session}, or {@code null}: also when
   * {@code workerId}'s own grants are for that session. A session holds one id for its life.
   */
  public String otherIdOf(String session, String workerId) {
    if (session.equals(sessions.get(workerId))) {
      return null;
    }
    return sessions.entrySet().stream().filter(e -> e.getValue().equals(session)).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** The partition ids whose owner is {@code workerId}. */
  public SortedMap<String, Slot> ownedBy(String workerId) {
    SortedMap<String, Slot> owned = new TreeMap<>();
    slots.forEach((id, slot) -> {
      if (workerId.equals(slot.owner())) {
        owned.put(id, slot);
      }
    });
    return owned;
  }
}
