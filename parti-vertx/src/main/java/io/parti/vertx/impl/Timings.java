package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;

import java.time.Duration;

/**
 * The timings the protocol derives from the options, in one place, because its safety rests on how they relate:
 * a worker cut off from NATS must pause (degraded fencing) or give its id up before anyone may take over what
 * it ran.
 */
public final class Timings {

  private Timings() {
  }

  /** Silence after which the leader declares a worker dead: {@code heartbeatTtl + emergencyGracePeriod}. */
  public static Duration detectionBound(PartiOptions o) {
    return o.getHeartbeatTtl().plus(o.getEmergencyGracePeriod());
  }

  /**
   * How much silence a new leader may credit a worker with, from the servers' timestamps, when it takes over:
   * {@code operationTimeout + heartbeatInterval / 2}. Server clocks can jump, so the credit is capped below the
   * margin between a cut-off worker pausing itself and the detection bound: even a wrong timestamp cannot make the
   * new leader declare a worker dead before that worker fenced.
   */
  public static Duration takeoverCredit(PartiOptions o) {
    return o.getOperationTimeout().plus(o.getHeartbeatInterval().dividedBy(2));
  }

  /**
   * The shortest silence after which any leader declares a worker dead: the detection bound, less the takeover
   * credit.
   */
  public static Duration minimumSilence(PartiOptions o) {
    return detectionBound(o).minus(takeoverCredit(o));
  }

  /**
   * Whether followers depose a silent leader: when the death bound is shorter than the leader lease, a leader whose key
   * shows no renewal for the death bound is judged like a silent worker, rather than waited for until its lease ends.
   */
  public static boolean deposesSilentLeader(PartiOptions o) {
    return detectionBound(o).compareTo(o.getElectionTimeout()) < 0;
  }

  /**
   * How often the leader renews its key: every third of the lease; when followers depose a silent leader, every fifth
   * of the death bound too, so that its renewals are its heartbeats and a few lost writes do not look like silence.
   */
  public static long leaderRenewalMillis(PartiOptions o) {
    long third = o.getElectionTimeout().toMillis() / 3;
    return deposesSilentLeader(o) ? Math.min(third, detectionBound(o).toMillis() / 5) : third;
  }

  /** How often a worker checks whether its heartbeats land. */
  public static long watchdogMillis(PartiOptions o) {
    return Math.max(20, o.getHeartbeatInterval().toMillis() / 4);
  }

  /**
   * How long a lease write sent at some instant keeps the key: the bucket's MaxAge from its landing, so at least
   * MaxAge from its send. The holder counts it as lost one operation timeout earlier, so it gives up before the
   * server can expire it.
   */
  public static Duration leaseMargin(PartiOptions o) {
    return o.getOperationTimeout();
  }
}
