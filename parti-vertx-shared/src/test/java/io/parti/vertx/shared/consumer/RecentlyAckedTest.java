package io.parti.vertx.shared.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RecentlyAckedTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void remembersAMessageForItsKeepThenForgetsIt() {
    RecentlyAcked acked = new RecentlyAcked(Duration.ofSeconds(2), 10);
    acked.add("7@100", 0);
    assertThat(acked.contains("7@100", 2 * SECOND)).isTrue();
    assertThat(acked.contains("7@101", SECOND)).as("the same sequence, stored at another time").isFalse();
    assertThat(acked.contains("7@100", 2 * SECOND + 1)).isFalse();
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheOldest() {
    RecentlyAcked acked = new RecentlyAcked(Duration.ofSeconds(60), 2);
    acked.add("1@1", 0);
    acked.add("2@2", 1);
    acked.add("3@3", 2);
    assertThat(acked.contains("1@1", 3)).isFalse();
    assertThat(acked.contains("2@2", 3)).isTrue();
    assertThat(acked.contains("3@3", 3)).isTrue();
  }

  @Test
  void anAckAgainRenewsTheKeep() {
    RecentlyAcked acked = new RecentlyAcked(Duration.ofSeconds(2), 10);
    acked.add("7@100", 0);
    acked.add("8@100", SECOND);
    acked.add("7@100", 2 * SECOND);
    assertThat(acked.contains("8@100", 3 * SECOND + 1)).isFalse();
    assertThat(acked.contains("7@100", 3 * SECOND + 1)).as("renewed at 2 s").isTrue();
  }
}
