package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class) // injects the cluster through NatsClusterProvider
class NatsClusterTest {

  @Test
  void formsOnLoopbackWithDistinctNodes(NatsCluster cluster) {
    assertThat(cluster.nodes()).hasSize(3).allMatch(NatsServer::isRunning);
    assertThat(cluster.nodes().stream().map(NatsServer::storeDir).distinct()).hasSize(3);
    assertThat(cluster.urls().split(",")).containsExactlyElementsOf(
        cluster.nodes().stream().map(NatsServer::url).collect(Collectors.toList()));
    assertThat(cluster.urls()).doesNotContain("localhost").contains("nats://127.0.0.1:");
    assertThat(cluster.node(cluster.awaitMetaLeader())).isIn(cluster.nodes());
  }

  @Test
  void replicatedKvSurvivesLosingTheStreamLeader(NatsCluster cluster) throws Exception {
    try (Connection nc = Clients.connect(cluster.urls())) {
      nc.keyValueManagement().create(KeyValueConfiguration.builder()
          .name("r3").replicas(3).storageType(StorageType.File).build());
      KeyValue kv = nc.keyValue("r3");
      kv.put("k", "v1");

      String leader = nc.jetStreamManagement().getStreamInfo("KV_r3").getClusterInfo().getLeader();
      NatsServer leaderNode = cluster.node(leader);
      leaderNode.kill();

      // a new stream leader needs a Raft election (seconds on nats-server 2.9): retry until writes succeed
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> kv.put("k", "v2") > 0);
      assertThat(text(kv.get("k").getValue())).isEqualTo("v2");

      leaderNode.restart();
      cluster.awaitMetaLeader();
      assertThat(leaderNode.isRunning()).isTrue();
    }
  }

  @Test
  void unknownNodeNameIsRejected(NatsCluster cluster) {
    assertThatThrownBy(() -> cluster.node("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> NatsCluster.start(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
