package io.parti.vertx;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PartiOptionsTest {

  // ---- single-value checks of the setters ----

  static Stream<Arguments> badSingleValues() {
    return Stream.of(
        bad("group", o -> o.setGroup(null)),
        bad("group", o -> o.setGroup("")),
        bad("group", o -> o.setGroup("has space")),
        bad("group", o -> o.setGroup("dot.ted")),
        bad("group", o -> o.setGroup("star*")),
        bad("workerIdPrefix", o -> o.setWorkerIdPrefix(null)),
        bad("workerIdPrefix", o -> o.setWorkerIdPrefix("")),
        bad("workerIdPrefix", o -> o.setWorkerIdPrefix("a.b")),
        bad("workerIdMin", o -> o.setWorkerIdMin(-1)),
        bad("workerIdMax", o -> o.setWorkerIdMax(-1)),
        bad("instanceId", o -> o.setInstanceId("")),
        bad("instanceId", o -> o.setInstanceId("  ")),
        bad("workerIdTtl", o -> o.setWorkerIdTtl(Duration.ZERO)),
        bad("workerIdTtl", o -> o.setWorkerIdTtl(Duration.ofMillis(-1))),
        bad("heartbeatInterval", o -> o.setHeartbeatInterval(Duration.ZERO)),
        bad("heartbeatInterval", o -> o.setHeartbeatInterval(Duration.ofSeconds(-2))),
        bad("heartbeatTtl", o -> o.setHeartbeatTtl(Duration.ZERO)),
        bad("heartbeatTtl", o -> o.setHeartbeatTtl(Duration.ofSeconds(-1))),
        bad("emergencyGracePeriod", o -> o.setEmergencyGracePeriod(Duration.ofMillis(-1))),
        bad("electionTimeout", o -> o.setElectionTimeout(Duration.ZERO)),
        bad("electionTimeout", o -> o.setElectionTimeout(Duration.ofMillis(99))),
        bad("heartbeatTtl", o -> o.setHeartbeatTtl(Duration.ofMillis(60))),
        bad("workerIdTtl", o -> o.setWorkerIdTtl(Duration.ofMillis(99))),
        bad("coldStartWindow", o -> o.setColdStartWindow(Duration.ofMillis(-1))),
        bad("plannedScaleWindow", o -> o.setPlannedScaleWindow(Duration.ofMillis(-1))),
        bad("rebalanceCooldown", o -> o.setRebalanceCooldown(Duration.ofMillis(-1))),
        bad("operationTimeout", o -> o.setOperationTimeout(Duration.ZERO)),
        bad("startTimeout", o -> o.setStartTimeout(Duration.ZERO)),
        bad("drainTimeout", o -> o.setDrainTimeout(Duration.ZERO)),
        bad("shutdownTimeout", o -> o.setShutdownTimeout(Duration.ZERO)),
        bad("joinTimeout", o -> o.setJoinTimeout(Duration.ZERO)),
        bad("bucketReplicas", o -> o.setBucketReplicas(0)),
        bad("bucketReplicas", o -> o.setBucketReplicas(6)),
        bad("assignmentsAddress", o -> o.setAssignmentsAddress(null)),
        bad("assignmentsAddress", o -> o.setAssignmentsAddress(" ")),
        bad("stateAddress", o -> o.setStateAddress("")),
        bad("leadershipAddress", o -> o.setLeadershipAddress(null)),
        bad("handoffAddress", o -> o.setHandoffAddress("")));
  }

  private static Arguments bad(String option, Consumer<PartiOptions> setter) {
    return arguments(option, setter);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSingleValues")
  void aSetterRejectsABadValueNamingTheOption(String option, Consumer<PartiOptions> setter) {
    PartiOptions options = new PartiOptions();
    JsonObject before = options.toJson();

    assertThatThrownBy(() -> setter.accept(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(option);
    assertThat(options.toJson()).as("a rejected value leaves the options unchanged").isEqualTo(before);
  }

  @Test
  void aNullDurationIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> new PartiOptions().setHeartbeatTtl(null)).hasMessageContaining("heartbeatTtl");
    assertThatThrownBy(() -> new PartiOptions().setEmergencyGracePeriod(null)).hasMessageContaining("emergencyGracePeriod");
  }

  @Test
  void boundaryValuesOfTheSettersAreAccepted() {
    assertThatCode(() -> new PartiOptions().setWorkerIdMin(0).setWorkerIdMax(0).setBucketReplicas(1).setBucketReplicas(5)
        .setEmergencyGracePeriod(Duration.ZERO).setColdStartWindow(Duration.ZERO).setPlannedScaleWindow(Duration.ZERO)
        .setRebalanceCooldown(Duration.ZERO).setInstanceId(null).setGroup("A-z_09")).doesNotThrowAnyException();
  }

  // ---- cross-field rules of validate() ----

  static Stream<Arguments> brokenRelations() {
    return Stream.of(
        relation("workerIdMin > workerIdMax", List.of("workerIdMin", "workerIdMax"),
            o -> o.setWorkerIdMin(5).setWorkerIdMax(4)),
        relation("heartbeatTtl < 2 x heartbeatInterval", List.of("heartbeatTtl", "heartbeatInterval"),
            o -> o.setHeartbeatTtl(Duration.ofMillis(3999))),
        relation("workerIdTtl < heartbeatTtl", List.of("workerIdTtl", "heartbeatTtl"),
            o -> o.setWorkerIdTtl(Duration.ofMillis(5999))),
        relation("workerIdTtl < 3 x heartbeatInterval", List.of("workerIdTtl", "heartbeatInterval"),
            o -> o.setHeartbeatTtl(Duration.ofSeconds(4)).setWorkerIdTtl(Duration.ofMillis(5999))),
        relation("emergencyGracePeriod > heartbeatTtl", List.of("emergencyGracePeriod", "heartbeatTtl"),
            o -> o.setEmergencyGracePeriod(Duration.ofMillis(6001))),
        relation("operationTimeout > electionTimeout / 3", List.of("operationTimeout", "electionTimeout"),
            o -> o.setOperationTimeout(Duration.ofMillis(1667))),
        relation("operationTimeout > workerIdTtl / 3", List.of("operationTimeout", "workerIdTtl"),
            o -> o.setElectionTimeout(Duration.ofMinutes(1)).setOperationTimeout(Duration.ofMillis(10001))),
        relation("rebalanceCooldown > plannedScaleWindow", List.of("rebalanceCooldown", "plannedScaleWindow"),
            o -> o.setRebalanceCooldown(Duration.ofMillis(2001))),
        relation("coldStartWindow < plannedScaleWindow", List.of("coldStartWindow", "plannedScaleWindow"),
            o -> o.setColdStartWindow(Duration.ofMillis(1999))),
        relation("shutdownTimeout < drainTimeout", List.of("shutdownTimeout", "drainTimeout"),
            o -> o.setDrainTimeout(Duration.ofMillis(30001))),
        relation("joinTimeout < coldStartWindow + electionTimeout", List.of("joinTimeout", "coldStartWindow"),
            o -> o.setJoinTimeout(Duration.ofMillis(9999))),
        relation("stateAddress == assignmentsAddress", List.of("assignmentsAddress", "stateAddress"),
            o -> o.setStateAddress(PartiOptions.DEFAULT_ASSIGNMENTS_ADDRESS)),
        relation("leadershipAddress == assignmentsAddress", List.of("assignmentsAddress", "leadershipAddress"),
            o -> o.setLeadershipAddress(PartiOptions.DEFAULT_ASSIGNMENTS_ADDRESS)),
        relation("leadershipAddress == stateAddress", List.of("stateAddress", "leadershipAddress"),
            o -> o.setLeadershipAddress(PartiOptions.DEFAULT_STATE_ADDRESS)),
        relation("handoffAddress == stateAddress", List.of("stateAddress", "handoffAddress"),
            o -> o.setHandoffAddress(PartiOptions.DEFAULT_STATE_ADDRESS)),
        relation("degradedFencing without room before detection", List.of("degradedFencing", "heartbeatInterval"),
            o -> o.setDegradedFencing(true).setHeartbeatTtl(Duration.ofMillis(5_002)).setEmergencyGracePeriod(Duration.ZERO)),
        // Equality is broken too: the worker would fence when its next heartbeat is sent, before that one can land.
        relation("degradedFencing fencing exactly one heartbeatInterval after the last heartbeat landed", List.of("degradedFencing", "heartbeatInterval"),
            o -> o.setDegradedFencing(true).setHeartbeatTtl(Duration.ofMillis(5_500)).setEmergencyGracePeriod(Duration.ZERO)));
  }

  private static Arguments relation(String name, List<String> options, UnaryOperator<PartiOptions> breaker) {
    return arguments(name, options, breaker);
  }

  /** Each case breaks one rule of otherwise valid defaults, just past the boundary. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRelations")
  void validateRejectsABrokenRelationNamingBothOptions(String rule, List<String> named, UnaryOperator<PartiOptions> breaker) {
    PartiOptions options = breaker.apply(new PartiOptions());

    assertThatThrownBy(options::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(named.toArray(String[]::new));
  }

  @Test
  void eachRelationHoldsExactlyAtItsBoundary() {
    PartiOptions atEveryBoundary = new PartiOptions()
        .setWorkerIdMin(7).setWorkerIdMax(7)
        .setHeartbeatInterval(Duration.ofSeconds(2)).setHeartbeatTtl(Duration.ofSeconds(4))
        .setWorkerIdTtl(Duration.ofSeconds(6))
        .setEmergencyGracePeriod(Duration.ofSeconds(4))
        .setOperationTimeout(Duration.ofSeconds(2)).setElectionTimeout(Duration.ofSeconds(6))
        .setRebalanceCooldown(Duration.ofSeconds(3)).setPlannedScaleWindow(Duration.ofSeconds(3))
        .setColdStartWindow(Duration.ofSeconds(3))
        .setDrainTimeout(Duration.ofSeconds(9)).setShutdownTimeout(Duration.ofSeconds(9));

    assertThatCode(atEveryBoundary::validate).doesNotThrowAnyException();
  }

  // ---- presets ----

  @Test
  void everyPresetIsValid() {
    assertThatCode(() -> {
      PartiOptions.subSecond().validate();
      PartiOptions.subSecond().setDegradedFencing(true).validate();
      PartiOptions.fast().validate();
      PartiOptions.defaults().validate();
      PartiOptions.conservative().validate();
    }).doesNotThrowAnyException();
  }

  @Test
  void theSubSecondPresetDetectsDeathsWithinHalfASecondOnLongLeases() {
    PartiOptions subSecond = PartiOptions.subSecond();

    assertThat(detectionBound(subSecond)).isLessThanOrEqualTo(Duration.ofMillis(500));
    assertThat(subSecond.getElectionTimeout()).as("leader lease").isGreaterThan(detectionBound(subSecond).multipliedBy(2));
    assertThat(subSecond.getWorkerIdTtl()).as("id lease").isGreaterThan(detectionBound(subSecond).multipliedBy(2));
    assertThat(subSecond.isAdaptiveWindows()).isTrue();
    assertThat(PartiOptions.fast().isAdaptiveWindows()).isFalse();
  }

  @Test
  void adaptiveWindowsTravelsInJson() {
    PartiOptions read = new PartiOptions(new io.vertx.core.json.JsonObject().put("adaptiveWindows", true));

    assertThat(read.isAdaptiveWindows()).isTrue();
    assertThat(new PartiOptions(read).isAdaptiveWindows()).isTrue();
    assertThat(read.toJson().getBoolean("adaptiveWindows")).isTrue();
    assertThatThrownBy(() -> new PartiOptions(new io.vertx.core.json.JsonObject().put("adaptiveWindows", "yes")))
        .hasMessageContaining("adaptiveWindows");
  }

  @Test
  void presetsDetectFailuresFromFastToConservative() {
    Duration fast = detectionBound(PartiOptions.fast());
    Duration defaults = detectionBound(PartiOptions.defaults());
    Duration conservative = detectionBound(PartiOptions.conservative());

    assertThat(fast).isLessThan(defaults);
    assertThat(defaults).isLessThan(conservative);
    assertThat(defaults).isEqualTo(PartiOptions.DEFAULT_HEARTBEAT_TTL.plus(PartiOptions.DEFAULT_EMERGENCY_GRACE_PERIOD));
  }

  private static Duration detectionBound(PartiOptions options) {
    return options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod());
  }

  @Test
  void theNoArgConstructorHasTheDocumentedDefaults() {
    PartiOptions options = new PartiOptions();
    assertThat(options.getGroup()).isEqualTo(PartiOptions.DEFAULT_GROUP);
    assertThat(options.getWorkerIdMax()).isEqualTo(PartiOptions.DEFAULT_WORKER_ID_MAX);
    assertThat(options.getHeartbeatTtl()).isEqualTo(PartiOptions.DEFAULT_HEARTBEAT_TTL);
    assertThat(options.getOperationTimeout()).isEqualTo(PartiOptions.DEFAULT_OPERATION_TIMEOUT);
    assertThat(options.getInstanceId()).isNull();
    assertThat(options.assignmentBucket()).isEqualTo("parti-assign");
    assertThat(options.setGroup("orders").idsBucket()).isEqualTo("orders-ids");
  }

  // ---- fixture shared with PartiOptionsJsonTest ----

  /** Every option set to a valid value different from its default. */
  static PartiOptions nonDefault() {
    return new PartiOptions()
        .setGroup("orders").setWorkerIdPrefix("node").setWorkerIdMin(3).setWorkerIdMax(42).setInstanceId("pod-7")
        .setWorkerIdTtl(Duration.ofMillis(40_001)).setHeartbeatInterval(Duration.ofMillis(2_501))
        .setHeartbeatTtl(Duration.ofMillis(7_003)).setEmergencyGracePeriod(Duration.ofMillis(3_004))
        .setElectionTimeout(Duration.ofMillis(6_005)).setColdStartWindow(Duration.ofMillis(5_006))
        .setPlannedScaleWindow(Duration.ofMillis(2_007)).setRebalanceCooldown(Duration.ofMillis(1_008))
        .setOperationTimeout(Duration.ofMillis(1_509)).setStartTimeout(Duration.ofMillis(9_012)).setDrainTimeout(Duration.ofMillis(10_010))
        .setShutdownTimeout(Duration.ofMillis(30_011)).setJoinTimeout(Duration.ofMillis(90_013)).setBucketReplicas(3)
        .setAssignmentsAddress("a.assign").setStateAddress("a.state").setLeadershipAddress("a.lead")
        .setHandoffAddress("a.handoff").setDegradedFencing(true).setApiPrefix("$JS.hub.API").setAdaptiveWindows(true)
        .validate();
  }

  /** {@code domain} excludes {@code apiPrefix}, which the fixture sets: the one getter the fixture cannot change. */
  private static boolean exclusiveOfTheFixture(Method getter) {
    return getter.getName().equals("getDomain");
  }

  @Test
  void theDomainIsCopiedAndConvertedAndExcludesTheApiPrefix() {
    PartiOptions inDomain = new PartiOptions().setDomain("hub");
    assertThat(new PartiOptions(inDomain).getDomain()).isEqualTo("hub");
    assertThat(new PartiOptions(inDomain.toJson()).getDomain()).isEqualTo("hub");
    assertThatThrownBy(() -> new PartiOptions().setDomain("hub").setApiPrefix("$JS.x.API").validate())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain").hasMessageContaining("apiPrefix");
    assertThatThrownBy(() -> new PartiOptions().setDomain(" ")).hasMessageContaining("domain");
  }

  /** Every getter: a new option is covered by the round-trip tests without editing them. */
  static List<Method> getters() {
    return Arrays.stream(PartiOptions.class.getMethods())
        .filter(m -> (m.getName().startsWith("get") || m.getName().startsWith("is")) && m.getParameterCount() == 0 && m.getDeclaringClass() == PartiOptions.class)
        .toList();
  }

  @Test
  void theNonDefaultFixtureChangesEveryOption() throws Exception {
    PartiOptions defaults = new PartiOptions();
    PartiOptions changed = nonDefault();
    assertThat(getters()).hasSizeGreaterThanOrEqualTo(20);
    for (Method getter : getters()) {
      if (!exclusiveOfTheFixture(getter)) {
        assertThat(getter.invoke(changed)).as(getter.getName()).isNotEqualTo(getter.invoke(defaults));
      }
    }
  }

  // ---- copy ----

  @Test
  void theCopyConstructorCopiesEveryOption() throws Exception {
    PartiOptions original = nonDefault();
    PartiOptions copy = new PartiOptions(original);
    for (Method getter : getters()) {
      assertThat(getter.invoke(copy)).as(getter.getName()).isEqualTo(getter.invoke(original));
    }
  }

  @Test
  void theCopyIsIndependentOfTheOriginal() {
    PartiOptions original = nonDefault();
    PartiOptions copy = new PartiOptions(original);

    copy.setGroup("other").setInstanceId("pod-9").setHeartbeatTtl(Duration.ofSeconds(9)).setWorkerIdMax(1)
        .setStateAddress("elsewhere");
    original.setDrainTimeout(Duration.ofSeconds(11));

    assertThat(original.getGroup()).isEqualTo("orders");
    assertThat(original.getInstanceId()).isEqualTo("pod-7");
    assertThat(original.getHeartbeatTtl()).isEqualTo(Duration.ofMillis(7_003));
    assertThat(original.getWorkerIdMax()).isEqualTo(42);
    assertThat(original.getStateAddress()).isEqualTo("a.state");
    assertThat(copy.getDrainTimeout()).isEqualTo(Duration.ofMillis(10_010));
  }
}
