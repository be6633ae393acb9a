package io.parti.vertx.shared;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

  @Property
  void aDelayDoublesUpToTheMaximumLessItsRandomShare(@ForAll @LongRange(min = 1, max = 10_000) long first,
                                                     @ForAll @LongRange(min = 0, max = 1_000_000) long extra,
                                                     @ForAll @IntRange(min = 1, max = 1_000) int attempt,
                                                     @ForAll @DoubleRange(min = 0, max = 0.99) double jitter,
                                                     @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    RetryPolicy policy = new RetryPolicy(first, first + extra, jitter);
    double base = Math.min(first + extra, first * Math.pow(2, Math.min(attempt - 1, 40)));
    long delay = policy.delayMs(attempt, random);
    assertThat(delay).isBetween(Math.max(1, (long) Math.floor(base * (1 - jitter)) - 1), (long) Math.ceil(base));
  }

  @Test
  void theStartupPolicyGrowsFrom50MsTo1sAndDiffersBetweenRandomDraws() {
    assertThat(RetryPolicy.STARTUP.delayMs(1, 0)).isEqualTo(50);
    assertThat(RetryPolicy.STARTUP.delayMs(2, 0)).isEqualTo(100);
    assertThat(RetryPolicy.STARTUP.delayMs(10, 0)).isEqualTo(1000);
    assertThat(RetryPolicy.STARTUP.delayMs(10, 0.5)).isEqualTo(750);
    assertThat(RetryPolicy.steady(1000).delayMs(7, 0.999)).isBetween(500L, 501L);
    assertThat(RetryPolicy.steady(0).delayMs(1, 0)).as("a steady policy waits at least 1 ms").isEqualTo(1);
  }

  @Test
  void aPolicyOutOfBoundsIsRefusedSayingWhy() {
    assertThatThrownBy(() -> new RetryPolicy(0, 10, 0.5)).hasMessageContaining("firstMs");
    assertThatThrownBy(() -> new RetryPolicy(10, 5, 0.5)).hasMessageContaining("maxMs");
    assertThatThrownBy(() -> new RetryPolicy(10, 10, 1.0)).hasMessageContaining("jitter");
  }
}
