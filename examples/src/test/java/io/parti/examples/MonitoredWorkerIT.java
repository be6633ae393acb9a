package io.parti.examples;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The monitored worker's probes and metrics, over HTTP, through a NATS outage. */
@ExtendWith(NatsServerExtension.class)
class MonitoredWorkerIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void readinessFollowsTheAssignmentAndContactLivenessStaysUpWhileDegraded(NatsServer server) throws Exception {
    // A cold-start window long enough that the first probe surely comes before the first assignment.
    PartiOptions options = new PartiOptions().setColdStartWindow(Duration.ofSeconds(2));
    MonitoredWorker.Running worker = MonitoredWorker.start(server.url(), "127.0.0.1", 0, options);
    try {
      HttpResponse<String> early = get(worker, "/health/ready");
      assertThat(early.statusCode()).as("ready before the first assignment: %s", early.body()).isEqualTo(503);
      assertThat(state(early)).isIn(Set.of("INIT", "CLAIMING_ID", "ELECTION", "WAITING_ASSIGNMENT", "SCALING"));

      worker.joined().await();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(worker, "/health/ready").statusCode()).isEqualTo(200));
      assertThat(get(worker, "/health/live").statusCode()).isEqualTo(200);

      server.kill();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        HttpResponse<String> degraded = get(worker, "/health/ready");
        assertThat(degraded.statusCode()).isEqualTo(503);
        assertThat(state(degraded)).isEqualTo(WorkerState.DEGRADED.name());
        assertThat(degraded.body()).contains("\"degradedReason\":\"disconnected\"");
      });
      assertThat(get(worker, "/health/live").statusCode()).as("alive while degraded").isEqualTo(200);

      server.restart();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(worker, "/health/ready").statusCode()).isEqualTo(200));

      // A connection closed for good is the one thing a restart cures: liveness goes DOWN.
      worker.nats().close();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        HttpResponse<String> dead = get(worker, "/health/live");
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).contains("closed for good");
      });
    } finally {
      worker.stop();
    }
  }

  @Test
  void metricsServeTheDocumentedNames(NatsServer server) throws Exception {
    MonitoredWorker.Running worker = MonitoredWorker.start(server.url(), "127.0.0.1", 0, PartiOptions.fast());
    try {
      worker.joined().await();
      List<String> documented = MetricNames.documented();
      assertThat(documented).hasSizeGreaterThan(20);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String scrape = get(worker, "/metrics").body();
        for (String name : MetricNames.coordinatorMetricsAlwaysPresent()) {
          assertThat(scrape).as("scrape has %s", name).contains(MetricNames.prometheus(name));
        }
      });
    } finally {
      worker.stop();
    }
  }

  private HttpResponse<String> get(MonitoredWorker.Running worker, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + worker.http().actualPort() + path);
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String state(HttpResponse<String> response) {
    JsonObject body = new JsonObject(response.body());
    // The procedure parti/orders is the check "orders" nested under "parti".
    return body.getJsonArray("checks").getJsonObject(0).getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("state");
  }
}
