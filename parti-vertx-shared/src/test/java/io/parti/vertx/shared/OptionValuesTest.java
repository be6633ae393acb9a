package io.parti.vertx.shared;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionValuesTest {

  @Test
  void durationsAreWholeMillisecondsOrIso8601() {
    assertThat(OptionValues.duration("t", 1500)).isEqualTo(Duration.ofMillis(1500));
    assertThat(OptionValues.duration("t", "PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(OptionValues.toJson(Duration.ofMillis(1500))).isEqualTo(1500L);
    assertThat(OptionValues.toJson(Duration.ofNanos(1_500_001))).isEqualTo("PT0.001500001S");
    assertThatThrownBy(() -> OptionValues.duration("t", 1.5)).hasMessageStartingWith("t must be whole milliseconds");
    assertThatThrownBy(() -> OptionValues.duration("t", "2s")).hasMessageStartingWith("t must be milliseconds or an ISO-8601");
    assertThatThrownBy(() -> OptionValues.duration("t", true)).hasMessageStartingWith("t must be milliseconds or an ISO-8601");
  }

  @Test
  void wrongTypesFailNamingTheOption() {
    assertThat(OptionValues.integer("n", 3)).isEqualTo(3);
    assertThat(OptionValues.bool("b", true)).isTrue();
    assertThat(OptionValues.string("s", null)).isNull();
    assertThatThrownBy(() -> OptionValues.integer("n", 3.5)).hasMessage("n must be an integer, was 3.5");
    assertThatThrownBy(() -> OptionValues.integer("n", "3")).hasMessage("n must be an integer, was 3");
    assertThatThrownBy(() -> OptionValues.bool("b", "yes")).hasMessage("b must be true or false, was yes");
    assertThatThrownBy(() -> OptionValues.string("s", 4)).hasMessage("s must be a string, was 4");
  }
}
