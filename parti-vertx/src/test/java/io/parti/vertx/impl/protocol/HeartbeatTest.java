package io.parti.vertx.impl.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatTest {

  @Test
  void aHeartbeatSurvivesItsEncoding() {
    Heartbeat beat = new Heartbeat("worker-1", 7, true, "pod-1", "s1", 118, 42, false);
    assertThat(Heartbeat.decode(beat.encode())).isEqualTo(beat);
    Heartbeat last = new Heartbeat("worker-1", 7, false, "pod-1", "s1", 118, 43, true);
    assertThat(Heartbeat.decode(last.encode())).isEqualTo(last);
    Heartbeat successor = new Heartbeat("worker-1", 0, false, "pod-1", "s2", 120, 1, false, "s1", "stickyBalanced");
    assertThat(Heartbeat.decode(successor.encode())).isEqualTo(successor);
  }

  @Test
  void leftIsWrittenOnlyForASessionsLastWord() {
    assertThat(text(new Heartbeat("w", 1, false, "i", "s", 1, 1, false))).doesNotContain("left");
    assertThat(text(new Heartbeat("w", 1, false, "i", "s", 1, 1, true))).contains("\"left\":true");
  }

  @Test
  void fieldsAddedLaterReadAsUnknownWhenMissing() {
    Heartbeat beat = Heartbeat.decode("{\"workerId\":\"worker-1\",\"applied\":3}".getBytes(StandardCharsets.UTF_8));
    assertThat(beat.claim()).isZero();
    assertThat(beat.beat()).isZero();
    assertThat(beat.left()).isFalse();
    assertThat(beat.session()).isEmpty();
    assertThat(beat.supersedes()).isNull();
  }

  @Test
  void aMalformedHeartbeatIsRejectedSayingWhy() {
    assertThatThrownBy(() -> Heartbeat.decode("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat");
    assertThatThrownBy(() -> Heartbeat.decode("{\"workerId\":\"w\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applied");
    assertThatThrownBy(() -> Heartbeat.decode("{\"workerId\":\"w\",\"applied\":1,\"supersedes\":7}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supersedes");
  }

  private static String text(Heartbeat beat) {
    return new String(beat.encode(), StandardCharsets.UTF_8);
  }
}
