package io.parti.vertx.simulation;

/** Every kind of fault the simulation injects; each injection is counted by kind. */
public enum FaultKind {
  /** A watch's deliveries stall for a while (never out of order). */
  WATCH_DELAY,
  /** A write lands but its reply is lost: it times out having landed before the timeout fired. */
  WRITE_LANDS_BEFORE_TIMEOUT,
  /** A write is delayed on the wire: it lands after its timeout fired. */
  WRITE_LANDS_AFTER_TIMEOUT,
  /** A write never reaches the server. */
  WRITE_LOST,
  /** A direct get is answered by a replica that lags a few writes behind. */
  STALE_READ,
  /** A key expires by MaxAge earlier or later than its age says. */
  EXPIRY_JITTER,
  /** The server's timestamps on new entries jump forward or back (up to 10 s). */
  CLOCK_JUMP,
  /** A process stops running for a while (a GC pause, SIGSTOP), then resumes. */
  PAUSE,
  /** A process dies and a new one starts with the same instance id. */
  CRASH_RESTART_SAME_INSTANCE,
  /** A process dies and a new one starts with a new instance id. */
  CRASH_RESTART_NEW_INSTANCE,
  /** A second live process runs with the instance id of a live one. */
  DUPLICATE_INSTANCE,
  /** A process' connection drops (seen at once) and comes back. */
  CONNECTION_LOSS,
  /** A process is cut off silently (seen only when its pings go unanswered), then healed. */
  CUT_OFF,
  /** An operator deletes the assignment key. */
  OPERATOR_DELETES_ASSIGNMENT,
  /** An operator purges the assignment key. */
  OPERATOR_PURGES_ASSIGNMENT,
  /** An operator deletes the partition list key of a KV source. */
  OPERATOR_DELETES_PARTITION_LIST,
  /** A partition verticle's start fails. */
  START_FAILS,
  /** A partition verticle's start never completes. */
  START_HANGS,
  /** A partition verticle's start takes seconds. */
  START_SLOW,
  /** A partition verticle's stop fails. */
  STOP_FAILS,
  /** A partition verticle's stop never completes. */
  STOP_HANGS,
  /** A partition verticle's stop takes seconds. */
  STOP_SLOW,
  /** A leader's commit is held on the wire until after its leader lease has ended. */
  LEADER_LEASE_ENDS_DURING_COMMIT
}
