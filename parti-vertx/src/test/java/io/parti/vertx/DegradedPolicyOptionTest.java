package io.parti.vertx;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DegradedPolicyOptionTest {

  @Test
  void theBooleanIsThePolicyFence() {
    PartiOptions options = new PartiOptions();
    assertThat(options.getDegradedPolicy()).isEqualTo(DegradedPolicy.STOP_AT_LEASE_END);
    assertThat(options.setDegradedFencing(true).getDegradedPolicy()).isEqualTo(DegradedPolicy.FENCE);
    assertThat(options.setDegradedFencing(false).getDegradedPolicy()).isEqualTo(DegradedPolicy.STOP_AT_LEASE_END);
    options.setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
    assertThat(options.isDegradedFencing()).isFalse();
    assertThat(options.setDegradedFencing(false).getDegradedPolicy()).as("turning fencing off leaves another policy").isEqualTo(DegradedPolicy.KEEP_RUNNING);
    assertThat(options.setDegradedPolicy(DegradedPolicy.FENCE).isDegradedFencing()).isTrue();
  }

  @Test
  void theJsonCarriesThePolicy() {
    PartiOptions keepRunning = new PartiOptions().setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
    assertThat(keepRunning.toJson().getString("degradedPolicy")).isEqualTo("KEEP_RUNNING");
    assertThat(new PartiOptions(keepRunning.toJson()).getDegradedPolicy()).isEqualTo(DegradedPolicy.KEEP_RUNNING);
    assertThat(new PartiOptions(new JsonObject().put("degradedFencing", true)).getDegradedPolicy()).isEqualTo(DegradedPolicy.FENCE);
    assertThatThrownBy(() -> new PartiOptions(new JsonObject().put("degradedPolicy", "KEEP_GOING")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("degradedPolicy must be one of [KEEP_RUNNING, STOP_AT_LEASE_END, FENCE], was KEEP_GOING");
    assertThatThrownBy(() -> new PartiOptions().setDegradedPolicy(null)).isInstanceOf(NullPointerException.class).hasMessage("degradedPolicy");
  }
}
