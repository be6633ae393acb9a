package io.parti.vertx;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.stream.Stream;

import static io.parti.vertx.PartiOptionsTest.getters;
import static io.parti.vertx.PartiOptionsTest.nonDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PartiOptions} to and from JSON: every option survives, and bad JSON is rejected naming the key. */
class PartiOptionsJsonTest {

  @Test
  void jsonRoundTripKeepsEveryOption() throws Exception {
    PartiOptions original = nonDefault();

    PartiOptions copy = new PartiOptions(original.toJson());

    for (Method getter : getters()) {
      assertThat(getter.invoke(copy)).as(getter.getName()).isEqualTo(getter.invoke(original));
    }
  }

  @Test
  void jsonCarriesDurationsAsMilliseconds() {
    JsonObject json = nonDefault().toJson();
    assertThat(json.getValue("heartbeatTtl")).isEqualTo(7_003L);
    assertThat(json.getString("instanceId")).isEqualTo("pod-7");
    assertThat(new PartiOptions().toJson().containsKey("instanceId")).isFalse();
  }

  @Test
  void durationsAcceptMillisecondsAndIso8601() {
    PartiOptions options = new PartiOptions(new JsonObject()
        .put("heartbeatInterval", 750)
        .put("heartbeatTtl", "PT2.5S")
        .put("workerIdTtl", "PT1M")
        .put("emergencyGracePeriod", 0));

    assertThat(options.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(750));
    assertThat(options.getHeartbeatTtl()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.getWorkerIdTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(options.getEmergencyGracePeriod()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aSubMillisecondDurationSurvivesJsonAndCopy() {
    PartiOptions options = new PartiOptions().setOperationTimeout(Duration.ofNanos(250_000))
        .setHeartbeatInterval(Duration.ofMillis(1500).plusNanos(1));

    assertThat(new PartiOptions(options).getOperationTimeout()).isEqualTo(Duration.ofNanos(250_000));
    assertThat(new PartiOptions(options.toJson()).getHeartbeatInterval()).isEqualTo(Duration.ofMillis(1500).plusNanos(1));
  }

  @Test
  void aJsonValueIsCheckedLikeItsSetter() {
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("heartbeatTtl", -5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatTtl");
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("group", "a b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
  }

  @Test
  void anUnknownKeyIsRejectedNamingIt() {
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("heartbeatTTL", 5000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatTTL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2s", "PT", "P1X", "", "1500ms"})
  void aMalformedDurationIsRejectedNamingTheKey(String text) {
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("drainTimeout", text)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTimeout");
  }

  static Stream<String> everyKey() {
    return nonDefault().toJson().fieldNames().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("everyKey")
  void aWrongTypeIsRejectedNamingTheKey(String key) {
    Object wrong = nonDefault().toJson().getValue(key) instanceof String ? (Object) 12 : (Object) "twelve";

    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put(key, wrong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    Object otherWrong = nonDefault().toJson().getValue(key) instanceof Boolean ? (Object) 12.5 : (Object) true;
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put(key, otherWrong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put(key, new JsonObject())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
  }

  @Test
  void anIntegerOptionRejectsAFractionOrAnOverflowNamingTheKey() {
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("workerIdMax", 1.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerIdMax");
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("workerIdMax", 4_294_967_296L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerIdMax");
    assertThat(new PartiOptions(new JsonObject().put("bucketReplicas", 3.0)).getBucketReplicas()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("everyKey")
  void aNullValueIsRejectedNamingTheKeyExceptForTheOptionalInstanceIdDomainAndApiPrefix(String key) {
    JsonObject json = new JsonObject().putNull(key);
    if (List.of("instanceId", "domain", "apiPrefix").contains(key)) {
      assertThat(new PartiOptions(json).toJson().containsKey(key)).as("%s null reads as unset", key).isFalse();
    } else {
      assertThatThrownBy(() -> new PartiOptions(json))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }
  }
}
