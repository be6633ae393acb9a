package io.parti.vertx.source;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvPartitionSourceOptionsTest {

  @Test
  void defaultsAreTheDocumentedConstants() {
    KvPartitionSourceOptions options = new KvPartitionSourceOptions();
    assertThat(options.getBucket()).isNull();
    assertThat(options.getKey()).isEqualTo(KvPartitionSourceOptions.DEFAULT_KEY).isEqualTo("partitions");
    assertThat(options.getReplicas()).isEqualTo(KvPartitionSourceOptions.DEFAULT_REPLICAS).isEqualTo(1);
    assertThat(options.getOperationTimeout()).isEqualTo(KvPartitionSourceOptions.DEFAULT_OPERATION_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.getMaxEditAttempts()).isEqualTo(KvPartitionSourceOptions.DEFAULT_MAX_EDIT_ATTEMPTS).isEqualTo(20);
  }

  @Test
  void everyOptionSurvivesJsonAndTheCopyConstructor() {
    KvPartitionSourceOptions options = new KvPartitionSourceOptions().setBucket("orders-partitions").setKey("list")
        .setReplicas(3).setOperationTimeout(Duration.ofMillis(1500)).setMaxEditAttempts(7);
    JsonObject json = options.toJson();
    assertThat(json).isEqualTo(new JsonObject().put("bucket", "orders-partitions").put("key", "list").put("replicas", 3)
        .put("operationTimeout", 1500L).put("maxEditAttempts", 7));
    assertThat(new KvPartitionSourceOptions(json).toJson()).isEqualTo(json);
    assertThat(new KvPartitionSourceOptions(options).toJson()).isEqualTo(json);
    assertThat(new KvPartitionSourceOptions(new JsonObject().put("operationTimeout", "PT0.25S")).getOperationTimeout())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void badValuesFailNamingTheOption() {
    assertThatThrownBy(() -> new KvPartitionSourceOptions().setBucket("has space")).hasMessageStartingWith("bucket");
    assertThatThrownBy(() -> new KvPartitionSourceOptions().setKey("a.*")).hasMessageStartingWith("key");
    assertThatThrownBy(() -> new KvPartitionSourceOptions().setReplicas(0)).hasMessageStartingWith("replicas");
    assertThatThrownBy(() -> new KvPartitionSourceOptions().setOperationTimeout(Duration.ZERO)).hasMessageStartingWith("operationTimeout");
    assertThatThrownBy(() -> new KvPartitionSourceOptions().setMaxEditAttempts(0)).hasMessageStartingWith("maxEditAttempts");
    assertThatThrownBy(() -> new KvPartitionSourceOptions().validate()).hasMessage("bucket must be set");
    assertThatThrownBy(() -> new KvPartitionSourceOptions(new JsonObject().put("bukket", "x"))).hasMessage("unknown option bukket");
    assertThatThrownBy(() -> new KvPartitionSourceOptions(new JsonObject().put("replicas", "3")))
        .hasMessage("replicas must be an integer, was 3");
    assertThatThrownBy(() -> new KvPartitionSourceOptions(new JsonObject().put("bucket", 5)))
        .hasMessage("bucket must be a string, was 5");
    assertThatThrownBy(() -> PartitionSource.kv(new KvPartitionSourceOptions())).hasMessage("bucket must be set");
  }

  @Test
  void theSourceAndTheEditorKeepACopy() {
    KvPartitionSourceOptions options = new KvPartitionSourceOptions().setBucket("b").setKey("k");
    KvPartitionSource source = PartitionSource.kv(options);
    options.setKey("changed");
    assertThat(source.key()).isEqualTo("k");
    assertThat(source.bucket()).isEqualTo("b");
  }
}
