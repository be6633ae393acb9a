package io.parti.vertx.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker id and session each worker holds now, to check after an outage that every worker kept both. */
final class Identities {

  private final Map<Fleet.Worker, String> ids = new HashMap<>();
  private final Map<Fleet.Worker, String> sessions = new HashMap<>();

  Identities(List<Fleet.Worker> workers) {
    workers.forEach(w -> {
      ids.put(w, w.id());
      sessions.put(w, w.session());
    });
  }

  /** Every worker holds the id and the session it held when this was taken. */
  void assertKept() {
    ids.forEach((w, id) -> {
      assertThat(w.id()).isEqualTo(id);
      assertThat(w.session()).as("%s keeps its session", id).isEqualTo(sessions.get(w));
    });
  }
}
