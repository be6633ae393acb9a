package io.parti.vertx.impl;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leader's view of the workers at one instant, immutable so that a plan can be computed off the event loop:
 * for each worker id, its sessions (claims of the id) that are alive, and which of them is the current one.
 *
 * @param workers  worker id → its live sessions
 * @param complete whether these are all the live sessions: {@code false} after the leader lost track of what ran
 *                 where, until every session alive then has been heard of or counts as dead
 *                 ({@link Membership#awaitUnnamed}); until then no version counts as applied by all
 */
record FleetView(Map<String, Worker> workers, boolean complete) {

  /**
   * One live session of a worker id.
   *
   * @param id      the session
   * @param applied the last assignment version it reported applied: its release receipt
   * @param leaving it is leaving gracefully
   */
  record Session(String id, long applied, boolean leaving) {
  }

  /**
   * A worker id's live sessions.
   *
   * @param current  the session that holds the id now (the latest claim), or {@code null} when it is not alive
   * @param sessions every live session by id, older ones (still running what they were granted) included
   */
  record Worker(Session current, Map<String, Session> sessions) {
  }

  FleetView {
    workers = Map.copyOf(workers);
  }

  /** A view of every live session. */
  FleetView(Map<String, Worker> workers) {
    this(workers, true);
  }

  /** The session holding {@code worker}'s id now, or {@code null} when none is alive. */
  String session(String worker) {
    Worker w = workers.get(worker);
    return w == null || w.current() == null ? null : w.current().id();
  }

  /** Whether {@code session} of {@code worker} is alive; a {@code null} session means the current one. */
  boolean alive(String worker, String session) {
    return find(worker, session) != null;
  }

  /** The version {@code session} of {@code worker} last reported applied, 0 when it is not alive. */
  long applied(String worker, String session) {
    Session s = find(worker, session);
    return s == null ? 0 : s.applied();
  }

  private Session find(String worker, String session) {
    Worker w = workers.get(worker);
    if (w == null) {
      return null;
    }
    return session == null ? w.current() : w.sessions().get(session);
  }

  /** Workers whose current session is alive, leaving ones included. */
  Set<String> live() {
    Set<String> live = new TreeSet<>();
    workers.forEach((id, w) -> {
      if (w.current() != null) {
        live.add(id);
      }
    });
    return live;
  }

  /** Live workers that are not leaving: the ones partitions may be given to. */
  Set<String> active() {
    Set<String> active = new TreeSet<>();
    workers.forEach((id, w) -> {
      if (w.current() != null && !w.current().leaving()) {
        active.add(id);
      }
    });
    return active;
  }

  /** Whether every live session has applied {@code version} or a later one: never while the view may miss one. */
  boolean allApplied(long version) {
    if (!complete) {
      return false;
    }
    for (Worker w : workers.values()) {
      for (Session s : w.sessions().values()) {
        if (s.applied() < version) {
          return false;
        }
      }
    }
    return true;
  }

  /** The highest version any live session reported applied. */
  long maxApplied() {
    long max = 0;
    for (Worker w : workers.values()) {
      for (Session s : w.sessions().values()) {
        max = Math.max(max, s.applied());
      }
    }
    return max;
  }
}
