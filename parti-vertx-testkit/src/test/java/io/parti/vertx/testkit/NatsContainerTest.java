package io.parti.vertx.testkit;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The container backend: a single node and a 3-node cluster of the official image, with kill, pause and restart. Runs
 * where a Docker engine answers; elsewhere JUnit reports it skipped, with Testcontainers' reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class NatsContainerTest {

  @Test
  void aContainerKeepsItsStoreAndAddressAcrossAKillAndARestart() throws Exception {
    try (NatsContainer nats = NatsContainer.start()) {
      String url = nats.url();
      try (Connection connection = Nats.connect(url)) {
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name("b").build());
        connection.keyValue("b").put("k", "v".getBytes(StandardCharsets.UTF_8));
      }
      nats.kill();
      assertThatThrownBy(() -> Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(1)).build()))
          .as("a killed server");
      nats.restart();
      assertThat(nats.url()).isEqualTo(url);
      try (Connection connection = Nats.connect(url)) {
        assertThat(new String(connection.keyValue("b").get("k").getValue(), StandardCharsets.UTF_8)).isEqualTo("v");
      }
    }
  }

  @Test
  void aPausedContainerAnswersNothingUntilItResumes() throws Exception {
    try (NatsContainer nats = NatsContainer.start();
         Connection connection = Nats.connect(new Options.Builder().server(nats.url()).maxReconnects(-1).build())) {
      nats.pause();
      assertThatThrownBy(() -> connection.flush(Duration.ofSeconds(1))).as("a flush to a frozen server");
      nats.resume();
      connection.flush(Duration.ofSeconds(10));
    }
  }

  @Test
  void aClusterKeepsAReplicatedBucketThroughTheLossOfANode() throws Exception {
    try (NatsContainerCluster cluster = NatsContainerCluster.start(3);
         Connection connection = Nats.connect(new Options.Builder().servers(cluster.urls().split(",")).maxReconnects(-1).build())) {
      connection.keyValueManagement().create(KeyValueConfiguration.builder().name("r3").replicas(3).build());
      KeyValue bucket = connection.keyValue("r3");
      bucket.put("k", "1".getBytes(StandardCharsets.UTF_8));
      cluster.node(0).kill();
      bucket.put("k", "2".getBytes(StandardCharsets.UTF_8));
      cluster.node(0).restart();
      assertThat(new String(bucket.get("k").getValue(), StandardCharsets.UTF_8)).isEqualTo("2");
    }
  }
}
