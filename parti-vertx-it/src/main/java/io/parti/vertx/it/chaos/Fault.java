package io.parti.vertx.it.chaos;

import io.parti.vertx.it.MessageLedger;

import java.time.Duration;

/**
 * One injected fault: its kind, what it hit (for the log), the process whose acks it can lose ({@code null}: every
 * process, for a node kill), when it began and ended ({@link System#nanoTime()}), and the milliseconds from its end
 * until the fleet converged again.
 */
record Fault(FaultKind kind, String target, String exposed, long start, long end, long convergenceMs) {

  /** How long before a fault began a handling may still have its ack lost to it (unsent, unrouted, unreplicated). */
  static final Duration LEAD = Duration.ofSeconds(2);
  /**
   * How long after a fault ended: a cut or a delay can leave a connection broken until jnats' pings notice it (about
   * 3 s with the recommended options), and acks written meanwhile are lost with it.
   */
  static final Duration TAIL = Duration.ofSeconds(5);

  /** Whether this fault could have lost the ack of {@code run}, so that the message was delivered again. */
  boolean exposes(MessageLedger.Run run) {
    return kind.losesAcks && (exposed == null || exposed.equals(run.process()))
        && run.start() >= start - LEAD.toNanos() && run.start() <= end + TAIL.toNanos();
  }

  @Override
  public String toString() {
    return kind.label + " " + target + " for " + (end - start) / 1_000_000 + " ms, converged " + convergenceMs + " ms after";
  }
}
