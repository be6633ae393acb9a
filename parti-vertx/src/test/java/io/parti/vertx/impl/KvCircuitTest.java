package io.parti.vertx.impl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KvCircuitTest {

  private final List<String> changes = new ArrayList<>();
  private final KvCircuit circuit = new KvCircuit((open, lastError) -> changes.add(open ? "open " + lastError : "closed"));

  @Test
  void opensAfterFailuresInARowAndClosesOnTheFirstAnsweredWrite() {
    circuit.completed("put", "timeout");
    circuit.completed("update", "unavailable");
    assertThat(circuit.isOpen()).isFalse();
    circuit.completed("put", "timeout");
    assertThat(changes).containsExactly("open timeout");
    circuit.completed("put", "timeout");
    circuit.completed("update", "conflict"); // an answer: JetStream checked the revision
    assertThat(changes).containsExactly("open timeout", "closed");
    assertThat(circuit.isOpen()).isFalse();
  }

  @Test
  void aSuccessInBetweenStartsTheCountAgain() {
    circuit.completed("put", "timeout");
    circuit.completed("put", "timeout");
    circuit.completed("put", null);
    circuit.completed("put", "timeout");
    circuit.completed("put", "timeout");
    assertThat(changes).isEmpty();
  }

  /** Reads are served by any replica while a stream has no leader: they prove nothing either way. */
  @Test
  void readsThatSucceedNeitherCloseNorReset() {
    circuit.completed("put", "timeout");
    circuit.completed("get", null);
    circuit.completed("put", "timeout");
    circuit.completed("latest", null);
    circuit.completed("put", "timeout");
    assertThat(changes).containsExactly("open timeout");
    circuit.completed("get", null);
    assertThat(circuit.isOpen()).isTrue();
  }
}
