package io.parti.vertx.impl.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentRecordTest {

  /**
   * The id another session holds tells a worker that a lease of that session on its own key is an abandoned claim
   * attempt; a session the record also names under the key itself (a successor's takeover) is not told as "another".
   */
  @Test
  void otherIdOfNamesOnlyAnIdBesidesTheOneAsked() {
    TreeMap<String, String> sessions = new TreeMap<>();
    sessions.put("worker-0", "s0");
    sessions.put("worker-1", "s1");
    sessions.put("worker-2", "s1"); // as if s1 were recorded under two ids
    AssignmentRecord record = new AssignmentRecord(3, 1, "worker-0", List.of("worker-0", "worker-1", "worker-2"), sessions,
        new TreeMap<>());

    assertThat(record.otherIdOf("s1", "worker-0")).isEqualTo("worker-1");
    assertThat(record.otherIdOf("s0", "worker-0")).as("the key's own session").isNull();
    assertThat(record.otherIdOf("s1", "worker-2")).as("named under the key itself too").isNull();
    assertThat(record.otherIdOf("s9", "worker-0")).as("a session the record does not name").isNull();
  }
}
