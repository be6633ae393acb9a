package io.parti.bench;

import io.parti.vertx.PartiOptions;

import java.time.Duration;

/** The timings the failover and hand-off benchmarks compare with the presets. */
final class PresetTimings {

  private PresetTimings() {
  }

  /**
   * The hand-tuned baseline of the Kafka comparison: a 500 ms death bound, no windows, and leases as short as 300 ms
   * (a 200 ms stall costs a leader its term or a worker its id).
   */
  static PartiOptions handTuned() {
    return PartiOptions.fast()
        .setHeartbeatInterval(Duration.ofMillis(100)).setHeartbeatTtl(Duration.ofMillis(300))
        .setEmergencyGracePeriod(Duration.ofMillis(200)).setWorkerIdTtl(Duration.ofMillis(300))
        .setElectionTimeout(Duration.ofMillis(300)).setOperationTimeout(Duration.ofMillis(100))
        .setColdStartWindow(Duration.ZERO).setPlannedScaleWindow(Duration.ZERO).setRebalanceCooldown(Duration.ZERO);
  }

  /**
   * {@link PartiOptions#subSecond()} with the death bound scaled to {@code boundMs}: the heartbeat interval and the
   * operation timeout keep their proportions to it (1/10, 2/5); the heartbeat time to live is 3/5 of it but at least
   * the 100 ms nats-server allows a bucket's MaxAge, and the grace is the rest; leases and windows stay.
   */
  static PartiOptions subSecondWithBound(long boundMs) {
    long ttl = Math.max(PartiOptions.MIN_BUCKET_MAX_AGE.toMillis(), boundMs * 3 / 5);
    return PartiOptions.subSecond()
        .setHeartbeatInterval(Duration.ofMillis(boundMs / 10)).setHeartbeatTtl(Duration.ofMillis(ttl))
        .setEmergencyGracePeriod(Duration.ofMillis(boundMs - ttl)).setOperationTimeout(Duration.ofMillis(boundMs * 2 / 5))
        .validate();
  }
}
