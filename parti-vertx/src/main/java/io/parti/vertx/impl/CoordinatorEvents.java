package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.EventSink;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;

/** The coordinator's events, each on its address (the local event bus in production). */
final class CoordinatorEvents {

  private final EventSink sink;
  private final PartiOptions options;

  CoordinatorEvents(EventSink sink, PartiOptions options) {
    this.sink = sink;
    this.options = options;
  }

  void assignment(String workerId, long version, Collection<String> partitions, Collection<String> added,
                  Collection<String> removed, boolean leader) {
    publish(options.getAssignmentsAddress(), new JsonObject()
        .put("workerId", workerId).put("version", version)
        .put("partitions", array(partitions)).put("added", array(added)).put("removed", array(removed))
        .put("leader", leader));
  }

  void state(String workerId, WorkerState from, WorkerState to) {
    publish(options.getStateAddress(), new JsonObject().put("workerId", workerId).put("from", from.name()).put("to", to.name()));
  }

  void leadership(String workerId, boolean leader) {
    publish(options.getLeadershipAddress(), new JsonObject().put("workerId", workerId).put("leader", leader));
  }

  /** A partition's drain outlived the drain timeout and the hand-off went on without it. */
  void drainTimeout(String workerId, String partition, long epoch) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("partition", partition)
        .put("epoch", epoch).put("event", "drain-timeout").put("drainTimeoutMs", options.getDrainTimeout().toMillis()));
  }

  /** Degraded fencing paused ({@code "fenced"}) or resumed ({@code "unfenced"}) every partition of this worker. */
  void fencing(String workerId, boolean paused) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("event", paused ? "fenced" : "unfenced"));
  }

  private void publish(String address, JsonObject event) {
    sink.publish(address, event);
  }

  private static JsonArray array(Collection<String> items) {
    return new JsonArray(new ArrayList<>(items));
  }
}
