package io.parti.vertx.impl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The coordinator's counters, registered in Micrometer's global registry (a no-op until the application
 * adds a registry to it) under {@code parti.*}, tagged with the group.
 */
public final class PartiMetrics {

  private static final System.Logger LOG = System.getLogger(PartiMetrics.class.getName());

  private final MeterRegistry registry = Metrics.globalRegistry;
  private final String group;

  public PartiMetrics(String group) {
    this.group = group;
  }

  /**
   * A value written by someone else that could not be used and was ignored: the one log line (WARNING, naming the
   * bucket, key and revision) and the one counter ({@code parti.kv.ignored.values} by bucket) for every such value.
   *
   * @param what what was ignored ("a malformed heartbeat", "the delete of the partition list")
   * @return the message logged, for a caller that also reports it elsewhere
   */
  public String ignoredValue(String bucket, String key, long revision, String what, String why) {
    counter("parti.kv.ignored.values", "bucket", bucket).increment();
    String message = "ignoring " + what + " at " + bucket + "/" + key + " (revision " + revision + "): " + why;
    LOG.log(System.Logger.Level.WARNING, message);
    return message;
  }

  /** An assignment commit rejected by its revision check. */
  public void commitRejected() {
    counter("parti.assignment.commit.rejected").increment();
  }

  /** A partition verticle whose stop outlived the drain timeout. */
  public void drainTimeout() {
    counter("parti.partition.drain.timeouts").increment();
  }

  /** A partition verticle that failed to deploy. */
  public void deployFailed() {
    counter("parti.partition.deploy.failures").increment();
  }

  private Counter counter(String name, String... tags) {
    return Counter.builder(name).tag("group", group).tags(tags).register(registry);
  }
}
