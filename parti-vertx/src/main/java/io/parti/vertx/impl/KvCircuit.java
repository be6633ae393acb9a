package io.parti.vertx.impl;

/**
 * Tells a JetStream that is connected but cannot answer (a coordination stream without a leader, a cluster that
 * lost its quorum) from one that merely had a slow moment: {@value #FAILURES_TO_OPEN} KV operations in a row that
 * timed out or found JetStream unavailable open the circuit (the worker goes {@code DEGRADED}, reason
 * {@code kv-errors}); the first write that gets an answer closes it. A revision conflict is an answer. A read that
 * succeeds proves nothing: a KV bucket serves reads from any replica (direct get) while its stream has no leader
 * to take writes, so reads neither close the circuit nor reset the count. Confined to the coordinator's loop.
 */
final class KvCircuit {

  /** Failed operations in a row that open the circuit: a heartbeat and a lease renewal or two, about one interval. */
  static final int FAILURES_TO_OPEN = 3;

  /** Told when the circuit opens ({@code true}) and closes ({@code false}). */
  interface Listener {
    void changed(boolean open, String lastError);
  }

  private final Listener listener;
  private int failuresInARow;
  private boolean open;

  KvCircuit(Listener listener) {
    this.listener = listener;
  }

  /** An operation completed; {@code errorKind} as {@code ObservedKvBucket} names it, null for a success. */
  void completed(String operation, String errorKind) {
    boolean answered = errorKind == null || errorKind.equals("conflict");
    if (answered && (operation.equals("get") || operation.equals("latest"))) {
      return;
    }
    if (answered) {
      failuresInARow = 0;
      if (open) {
        open = false;
        listener.changed(false, null);
      }
    } else if (++failuresInARow >= FAILURES_TO_OPEN && !open) {
      open = true;
      listener.changed(true, errorKind);
    }
  }

  boolean isOpen() {
    return open;
  }
}
