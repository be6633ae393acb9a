package io.parti.vertx;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** JSON conversion of {@link PartiOptions}: one table of the duration options, so none is forgotten. */
final class PartiOptionsJson {

  private record DurationOption(String name, Function<PartiOptions, Duration> get, BiConsumer<PartiOptions, Duration> set) {
  }

  private static final List<DurationOption> DURATIONS = List.of(
      new DurationOption("workerIdTtl", PartiOptions::getWorkerIdTtl, PartiOptions::setWorkerIdTtl),
      new DurationOption("heartbeatInterval", PartiOptions::getHeartbeatInterval, PartiOptions::setHeartbeatInterval),
      new DurationOption("heartbeatTtl", PartiOptions::getHeartbeatTtl, PartiOptions::setHeartbeatTtl),
      new DurationOption("emergencyGracePeriod", PartiOptions::getEmergencyGracePeriod, PartiOptions::setEmergencyGracePeriod),
      new DurationOption("electionTimeout", PartiOptions::getElectionTimeout, PartiOptions::setElectionTimeout),
      new DurationOption("coldStartWindow", PartiOptions::getColdStartWindow, PartiOptions::setColdStartWindow),
      new DurationOption("plannedScaleWindow", PartiOptions::getPlannedScaleWindow, PartiOptions::setPlannedScaleWindow),
      new DurationOption("rebalanceCooldown", PartiOptions::getRebalanceCooldown, PartiOptions::setRebalanceCooldown),
      new DurationOption("operationTimeout", PartiOptions::getOperationTimeout, PartiOptions::setOperationTimeout),
      new DurationOption("startTimeout", PartiOptions::getStartTimeout, PartiOptions::setStartTimeout),
      new DurationOption("drainTimeout", PartiOptions::getDrainTimeout, PartiOptions::setDrainTimeout),
      new DurationOption("shutdownTimeout", PartiOptions::getShutdownTimeout, PartiOptions::setShutdownTimeout),
      new DurationOption("joinTimeout", PartiOptions::getJoinTimeout, PartiOptions::setJoinTimeout));

  private PartiOptionsJson() {
  }

  static JsonObject toJson(PartiOptions options) {
    JsonObject json = new JsonObject()
        .put("group", options.getGroup())
        .put("workerIdPrefix", options.getWorkerIdPrefix())
        .put("workerIdMin", options.getWorkerIdMin())
        .put("workerIdMax", options.getWorkerIdMax())
        .put("bucketReplicas", options.getBucketReplicas())
        .put("degradedFencing", options.isDegradedFencing())
        .put("assignmentsAddress", options.getAssignmentsAddress())
        .put("stateAddress", options.getStateAddress())
        .put("leadershipAddress", options.getLeadershipAddress())
        .put("handoffAddress", options.getHandoffAddress());
    if (options.getInstanceId() != null) {
      json.put("instanceId", options.getInstanceId());
    }
    for (DurationOption option : DURATIONS) {
      Duration value = option.get().apply(options);
      // Milliseconds as documented; a finer value as ISO-8601 so that the copy constructor never truncates it.
      json.put(option.name(), value.getNano() % 1_000_000 == 0 ? (Object) value.toMillis() : value.toString());
    }
    return json;
  }

  static void fromJson(JsonObject json, PartiOptions options) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      try {
        apply(options, name, value);
      } catch (ClassCastException e) {
        throw new IllegalArgumentException(name + " has the wrong type: " + value, e);
      }
    }
  }

  private static void apply(PartiOptions options, String name, Object value) {
    switch (name) {
      case "group": options.setGroup((String) value); return;
      case "workerIdPrefix": options.setWorkerIdPrefix((String) value); return;
      case "workerIdMin": options.setWorkerIdMin(integer(name, value)); return;
      case "workerIdMax": options.setWorkerIdMax(integer(name, value)); return;
      case "instanceId": options.setInstanceId((String) value); return;
      case "degradedFencing": options.setDegradedFencing(bool(name, value)); return;
      case "bucketReplicas": options.setBucketReplicas(integer(name, value)); return;
      case "assignmentsAddress": options.setAssignmentsAddress((String) value); return;
      case "stateAddress": options.setStateAddress((String) value); return;
      case "leadershipAddress": options.setLeadershipAddress((String) value); return;
      case "handoffAddress": options.setHandoffAddress((String) value); return;
      default:
        for (DurationOption option : DURATIONS) {
          if (option.name().equals(name)) {
            option.set().accept(options, duration(name, value));
            return;
          }
        }
        throw new IllegalArgumentException("unknown option " + name);
    }
  }

  private static int integer(String name, Object value) {
    if (!(value instanceof Number) || ((Number) value).doubleValue() != ((Number) value).intValue()) {
      throw new IllegalArgumentException(name + " must be an integer, was " + value);
    }
    return ((Number) value).intValue();
  }

  private static boolean bool(String name, Object value) {
    if (!(value instanceof Boolean)) {
      throw new IllegalArgumentException(name + " must be true or false, was " + value);
    }
    return (Boolean) value;
  }

  private static Duration duration(String name, Object value) {
    if (value instanceof Number) {
      Number millis = (Number) value;
      if (millis.doubleValue() != millis.longValue()) {
        throw new IllegalArgumentException(name + " must be whole milliseconds or an ISO-8601 duration, was " + value);
      }
      return Duration.ofMillis(millis.longValue());
    }
    if (value instanceof String) {
      try {
        return Duration.parse((String) value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration, was \"" + value + "\"", e);
      }
    }
    throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration, was " + value);
  }
}
