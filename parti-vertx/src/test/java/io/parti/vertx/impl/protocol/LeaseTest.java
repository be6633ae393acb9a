package io.parti.vertx.impl.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTest {

  @Test
  void aLeaseSurvivesItsEncodingWithAndWithoutASession() {
    Lease id = new Lease("worker-3", "pod-3", "n1", "s1");
    assertThat(Lease.decode(id.encode())).isEqualTo(id);
    Lease leader = new Lease("worker-3", "pod-3", "n2", null);
    assertThat(Lease.decode(leader.encode())).isEqualTo(leader);
    assertThat(new String(leader.encode(), StandardCharsets.UTF_8)).doesNotContain("session");
  }

  @Test
  void aMalformedLeaseIsRejectedSayingWhy() {
    assertThatThrownBy(() -> Lease.decode("{\"workerId\":\"w\",\"instance\":\"i\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce");
    assertThatThrownBy(() -> Lease.decode("{\"workerId\":\"w\",\"instance\":\"i\",\"nonce\":\"n\",\"session\":1}"
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session");
  }
}
