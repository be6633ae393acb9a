package io.parti.vertx;

import io.parti.vertx.shared.OptionValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
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
        .put("adaptiveWindows", options.isAdaptiveWindows())
        .put("degradedPolicy", options.getDegradedPolicy().name())
        .put("assignmentsAddress", options.getAssignmentsAddress())
        .put("stateAddress", options.getStateAddress())
        .put("leadershipAddress", options.getLeadershipAddress())
        .put("handoffAddress", options.getHandoffAddress());
    if (options.getInstanceId() != null) {
      json.put("instanceId", options.getInstanceId());
    }
    if (options.getDomain() != null) {
      json.put("domain", options.getDomain());
    }
    if (options.getApiPrefix() != null) {
      json.put("apiPrefix", options.getApiPrefix());
    }
    for (DurationOption option : DURATIONS) {
      Duration value = option.get().apply(options);
      json.put(option.name(), OptionValues.toJson(value));
    }
    return json;
  }

  static void fromJson(JsonObject json, PartiOptions options) {
    for (String name : json.fieldNames()) {
      apply(options, name, json.getValue(name));
    }
  }

  private static DegradedPolicy policy(String name, Object value) {
    String text = OptionValues.string(name, value);
    try {
      return DegradedPolicy.valueOf(String.valueOf(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be one of " + java.util.Arrays.toString(DegradedPolicy.values()) + ", was " + text);
    }
  }

  private static void apply(PartiOptions options, String name, Object value) {
    switch (name) {
      case "group": options.setGroup(OptionValues.string(name, value)); return;
      case "workerIdPrefix": options.setWorkerIdPrefix(OptionValues.string(name, value)); return;
      case "workerIdMin": options.setWorkerIdMin(OptionValues.integer(name, value)); return;
      case "workerIdMax": options.setWorkerIdMax(OptionValues.integer(name, value)); return;
      case "instanceId": options.setInstanceId(OptionValues.string(name, value)); return;
      case "domain": options.setDomain(OptionValues.string(name, value)); return;
      case "apiPrefix": options.setApiPrefix(OptionValues.string(name, value)); return;
      case "degradedFencing": options.setDegradedFencing(OptionValues.bool(name, value)); return;
      case "adaptiveWindows": options.setAdaptiveWindows(OptionValues.bool(name, value)); return;
      case "degradedPolicy": options.setDegradedPolicy(policy(name, value)); return;
      case "bucketReplicas": options.setBucketReplicas(OptionValues.integer(name, value)); return;
      case "assignmentsAddress": options.setAssignmentsAddress(OptionValues.string(name, value)); return;
      case "stateAddress": options.setStateAddress(OptionValues.string(name, value)); return;
      case "leadershipAddress": options.setLeadershipAddress(OptionValues.string(name, value)); return;
      case "handoffAddress": options.setHandoffAddress(OptionValues.string(name, value)); return;
      default:
        for (DurationOption option : DURATIONS) {
          if (option.name().equals(name)) {
            option.set().accept(options, OptionValues.duration(name, value));
            return;
          }
        }
        throw new IllegalArgumentException("unknown option " + name);
    }
  }
}
