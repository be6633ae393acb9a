package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;

/** Publishes the coordinator's events on the local event bus. */
final class CoordinatorEvents {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final PartiOptions options;

  CoordinatorEvents(Vertx vertx, PartiOptions options) {
    this.vertx = vertx;
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

  private void publish(String address, JsonObject event) {
    vertx.eventBus().publish(address, event, LOCAL);
  }

  private static JsonArray array(Collection<String> items) {
    return new JsonArray(new ArrayList<>(items));
  }
}
