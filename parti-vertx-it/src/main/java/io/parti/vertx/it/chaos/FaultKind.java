package io.parti.vertx.it.chaos;

/** What a chaos run does to the fleet or the cluster, by the name it is reported under. */
enum FaultKind {
  /** A worker's process dies (connection and Vert.x gone at once); a replacement starts after a while. */
  CRASH("crash", true),
  /** A worker leaves gracefully and a new process takes its place at once. */
  RESTART("restart", false),
  /** A sixth worker joins; after a while one of the six leaves gracefully. */
  SCALE_UP("scaleUp", false),
  /** A worker leaves gracefully; after a while a new one joins. */
  SCALE_DOWN("scaleDown", false),
  /** A NATS node is killed with SIGKILL, and restarted on its store after a while. */
  NODE_KILL("nodeKill", true),
  /** Every byte to and from one worker is dropped for a while (its proxies' blackhole). */
  CUT("cut", true),
  /** Everything one worker sends is held for a while, then delivered. */
  DELAY("delay", true);

  final String label;
  /**
   * Whether it can keep handled messages from being acked, so that they are delivered again: a dead process, a
   * dropped or held ack, a node that dies with acks it had not yet replicated. A graceful change drains and acks
   * before it lets a partition go, so it must cause no duplicate.
   */
  final boolean losesAcks;

  FaultKind(String label, boolean losesAcks) {
    this.label = label;
    this.losesAcks = losesAcks;
  }
}
