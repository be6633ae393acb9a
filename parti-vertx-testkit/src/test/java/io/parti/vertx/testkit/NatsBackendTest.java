package io.parti.vertx.testkit;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatsBackendTest {

  @Test
  void autoPrefersTheBinaryThenAContainer() {
    assertThat(NatsBackend.choose("auto", true, true)).isEqualTo(NatsBackend.BINARY);
    assertThat(NatsBackend.choose("auto", false, true)).isEqualTo(NatsBackend.CONTAINER);
    assertThat(NatsBackend.choose(" AUTO ", true, false)).isEqualTo(NatsBackend.BINARY);
  }

  @Test
  void anExplicitChoiceIsTakenAsItIs() {
    assertThat(NatsBackend.choose("binary", false, true)).isEqualTo(NatsBackend.BINARY);
    assertThat(NatsBackend.choose("container", true, false)).isEqualTo(NatsBackend.CONTAINER);
  }

  @Test
  void withNeitherAutoSaysHowToGetOne() {
    assertThatThrownBy(() -> NatsBackend.choose("auto", false, false)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install -y nats-server").hasMessageContaining("Docker");
  }

  @Test
  void anUnknownSettingIsRefusedNamingIt() {
    assertThatThrownBy(() -> NatsBackend.choose("podman", true, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parti.nats.backend must be auto, binary or container, was 'podman'");
  }

  /** On this machine (a binary, or a Docker engine): the chosen backend serves JetStream and survives a restart. */
  @Test
  void theChosenBackendServesJetStreamAcrossARestart() throws Exception {
    try (NatsNode node = NatsBackend.choose().start()) {
      try (Connection connection = Nats.connect(node.url())) {
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name("b").build());
        connection.keyValue("b").put("k", "v".getBytes(StandardCharsets.UTF_8));
      }
      node.kill();
      node.restart();
      try (Connection connection = Nats.connect(node.url())) {
        KeyValue bucket = connection.keyValue("b");
        assertThat(new String(bucket.get("k").getValue(), StandardCharsets.UTF_8)).isEqualTo("v");
      }
    }
  }
}
