package io.parti.vertx.impl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The coordinator's counters, registered in Micrometer's global registry (a no-op until the application
 * adds a registry to it) under {@code parti.*}, tagged with the group.
 */
public final class PartiMetrics {

  private final MeterRegistry registry = Metrics.globalRegistry;
  private final String group;

  public PartiMetrics(String group) {
    this.group = group;
  }

  /** A value written by someone else that could not be read and was ignored. */
  public void ignoredValue(String bucket) {
    counter("parti.kv.ignored.values", "bucket", bucket).increment();
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
