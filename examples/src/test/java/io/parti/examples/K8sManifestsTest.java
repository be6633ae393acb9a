package io.parti.examples;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests of examples/k8s agree with the worker they run. */
class K8sManifestsTest {

  @Test
  void theWorkerStatefulSetMatchesTheMonitoredWorker() throws IOException {
    List<Map<String, Object>> docs = load("k8s/workers.yaml");
    Map<String, Object> statefulSet = only(docs, "StatefulSet");
    Map<String, Object> podSpec = at(statefulSet, "spec", "template", "spec");
    Map<String, Object> container = list(podSpec, "containers").get(0);

    Set<String> env = list(container, "env").stream().map(e -> (String) e.get("name")).collect(Collectors.toSet());
    assertThat(env).as("environment of the worker container").containsExactlyInAnyOrder(MonitoredWorker.ENV_NATS_URL,
        MonitoredWorker.ENV_HTTP_PORT, MonitoredWorker.ENV_INSTANCE_ID, MonitoredWorker.ENV_BUCKET_REPLICAS);
    Map<String, Object> instanceId = list(container, "env").stream()
        .filter(e -> MonitoredWorker.ENV_INSTANCE_ID.equals(e.get("name"))).findFirst().orElseThrow();
    assertThat(at(instanceId, "valueFrom", "fieldRef").get("fieldPath")).as("instance id from the pod name").isEqualTo("metadata.name");
    String httpPort = list(container, "env").stream().filter(e -> MonitoredWorker.ENV_HTTP_PORT.equals(e.get("name")))
        .map(e -> (String) e.get("value")).findFirst().orElseThrow();

    Map<String, Object> port = list(container, "ports").get(0);
    assertThat(port.get("containerPort")).isEqualTo(Integer.parseInt(httpPort)).isEqualTo(MonitoredWorker.DEFAULT_HTTP_PORT);
    assertThat(at(container, "readinessProbe", "httpGet").get("path")).isEqualTo(MonitoredWorker.READY_PATH);
    assertThat(at(container, "livenessProbe", "httpGet").get("path")).isEqualTo(MonitoredWorker.LIVE_PATH);
    assertThat(at(container, "readinessProbe", "httpGet").get("port")).isEqualTo(port.get("name"));

    long grace = ((Number) podSpec.get("terminationGracePeriodSeconds")).longValue();
    assertThat(grace).as("terminationGracePeriodSeconds covers the graceful leave")
        .isGreaterThanOrEqualTo(MonitoredWorker.shutdownBudget(new PartiOptions()).toSeconds());

    Map<String, Object> service = only(docs, "Service");
    assertThat(at(service, "metadata", "annotations")).containsEntry("prometheus.io/path", MonitoredWorker.METRICS_PATH)
        .containsEntry("prometheus.io/port", Integer.toString(MonitoredWorker.DEFAULT_HTTP_PORT));
    assertThat(at(statefulSet, "spec").get("serviceName")).isEqualTo(at(service, "metadata").get("name"));
    assertThat(at(only(docs, "PodDisruptionBudget"), "spec", "selector", "matchLabels"))
        .isEqualTo(at(statefulSet, "spec", "selector", "matchLabels"));
  }

  @Test
  void natsRunsJetStreamOnThreeClusteredReplicasThatTheWorkersReach() throws IOException {
    List<Map<String, Object>> docs = load("k8s/nats.yaml");
    Map<String, Object> statefulSet = only(docs, "StatefulSet");
    assertThat(at(statefulSet, "spec").get("replicas")).isEqualTo(3);
    String config = (String) at(only(docs, "ConfigMap"), "data").get("nats.conf");
    assertThat(config).contains("jetstream", "cluster", "nats://nats-0.nats:6222", "nats://nats-1.nats:6222", "nats://nats-2.nats:6222");

    Map<String, Object> worker = list(at(only(load("k8s/workers.yaml"), "StatefulSet"), "spec", "template", "spec"), "containers").get(0);
    String natsUrl = list(worker, "env").stream().filter(e -> MonitoredWorker.ENV_NATS_URL.equals(e.get("name")))
        .map(e -> (String) e.get("value")).findFirst().orElseThrow();
    assertThat(natsUrl.split(",")).containsExactly("nats://nats-0.nats:4222", "nats://nats-1.nats:4222", "nats://nats-2.nats:4222");
    String replicas = list(worker, "env").stream().filter(e -> MonitoredWorker.ENV_BUCKET_REPLICAS.equals(e.get("name")))
        .map(e -> (String) e.get("value")).findFirst().orElseThrow();
    assertThat(Integer.parseInt(replicas)).isEqualTo(at(statefulSet, "spec").get("replicas"));
  }

  private static List<Map<String, Object>> load(String file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(Path.of(file))) {
      for (Object doc : new Yaml().loadAll(reader)) {
        @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) doc;
        docs.add(map);
      }
    }
    return docs;
  }

  private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
    List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    assertThat(found).as("documents of kind %s", kind).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> node, String... path) {
    Map<String, Object> current = node;
    for (String key : path) {
      assertThat(current).as("has %s", key).containsKey(key);
      current = (Map<String, Object>) current.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
    assertThat(node).as("has %s", key).containsKey(key);
    return (List<Map<String, Object>>) node.get(key);
  }
}
