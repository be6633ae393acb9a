package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.EventSink;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The coordinator's events, each on its address (the local event bus in production). */
final class CoordinatorEvents {

  private final EventSink sink;
  private final PartiOptions options;

  CoordinatorEvents(EventSink sink, PartiOptions options) {
    this.sink = sink;
    this.options = options;
  }

  /**
   * @param partitions what runs here now, a live view (copied)
   * @param added      what started, handed over: the event wraps it without a copy
   * @param removed    what stopped, handed over likewise
   */
  void assignment(String workerId, long version, Collection<String> partitions, List<String> added,
                  List<String> removed, boolean leader) {
    publish(options.getAssignmentsAddress(), new JsonObject()
        .put("workerId", workerId).put("version", version)
        .put("partitions", new JsonArray(new ArrayList<>(partitions))).put("added", new JsonArray(added))
        .put("removed", new JsonArray(removed)).put("leader", leader));
  }

  /**
   * @param degradedReason why the worker goes {@code DEGRADED} ({@code disconnected}, {@code closed}, {@code kv-errors}), or null
   * @param degradedMs     how long it was {@code DEGRADED}, when it leaves that state; else -1
   */
  void state(String workerId, WorkerState from, WorkerState to, String degradedReason, long degradedMs) {
    JsonObject event = new JsonObject().put("workerId", workerId).put("from", from.name()).put("to", to.name());
    if (degradedReason != null) {
      event.put("reason", degradedReason);
    }
    if (degradedMs >= 0) {
      event.put("degradedMs", degradedMs);
    }
    publish(options.getStateAddress(), event);
  }

  void leadership(String workerId, boolean leader) {
    publish(options.getLeadershipAddress(), new JsonObject().put("workerId", workerId).put("leader", leader));
  }

  /** A partition's drain outlived the drain timeout and the hand-off went on without it. */
  void drainTimeout(String workerId, String partition, long epoch) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("partition", partition)
        .put("epoch", epoch).put("event", "drain-timeout").put("drainTimeoutMs", options.getDrainTimeout().toMillis()));
  }

  /** A coordination bucket is gone (found while JetStream did not answer). */
  void bucketMissing(String workerId, String bucket) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("event", "bucket-missing").put("bucket", bucket));
  }

  /** The coordination {@code buckets} were missing after a reconnect (a new server) and this worker created them again. */
  void storeRecreated(String workerId, List<String> buckets) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("event", "store-recreated")
        .put("buckets", new JsonArray(buckets)));
  }

  /** Degraded fencing paused ({@code "fenced"}) or resumed ({@code "unfenced"}) every partition of this worker. */
  void fencing(String workerId, boolean paused) {
    publish(options.getHandoffAddress(), new JsonObject().put("workerId", workerId).put("event", paused ? "fenced" : "unfenced"));
  }

  private void publish(String address, JsonObject event) {
    sink.publish(address, event);
  }
}
