package io.parti.vertx.impl.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartiMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  PartiMetricsTest() {
    Metrics.addRegistry(registry);
  }

  @AfterEach
  void tearDown() {
    Metrics.removeRegistry(registry);
  }

  @Test
  void anIgnoredValueIsCountedByBucketAndSaysWhereItWas() {
    PartiMetrics metrics = new PartiMetrics("orders");
    String message = metrics.ignoredValue("orders-hb", "worker-3", 812, "a malformed heartbeat", "field applied must be a number");
    metrics.ignoredValue("orders-hb", "worker-4", 813, "a malformed heartbeat", "not JSON");
    metrics.ignoredValue("orders-assign", "assignment", 90, "a malformed assignment", "not JSON");

    assertThat(message).isEqualTo("ignoring a malformed heartbeat at orders-hb/worker-3 (revision 812): field applied must be a number");
    assertThat(registry.get("parti.kv.ignored.values").tag("group", "orders").tag("bucket", "orders-hb").counter().count()).isEqualTo(2);
    assertThat(registry.get("parti.kv.ignored.values").tag("bucket", "orders-assign").counter().count()).isEqualTo(1);
  }
}
