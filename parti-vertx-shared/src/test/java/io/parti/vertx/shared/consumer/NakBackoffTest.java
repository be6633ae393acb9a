package io.parti.vertx.shared.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NakBackoffTest {

  @Test
  void doublesPerDeliveryUpToTheCap() {
    NakBackoff backoff = new NakBackoff(Duration.ofMillis(250), Duration.ofSeconds(3));
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void neverOverflowsForHugeDeliveryCounts() {
    NakBackoff backoff = new NakBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    for (long deliveries : new long[] {40, 62, 63, 64, 1000, Long.MAX_VALUE}) {
      assertThat(backoff.delay(deliveries)).isEqualTo(Duration.ofMinutes(5));
    }
  }
}
