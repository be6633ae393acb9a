package io.parti.examples;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.health.PartiHealthChecks;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A worker process that Prometheus and Kubernetes can watch: the quick start's worker (group {@code orders},
 * stream {@code ORDERS}, 8 partitions, the worker consumer) on a Vert.x with Micrometer metrics, serving
 * <ul>
 *   <li>{@code /metrics}: Prometheus' text format, the {@code parti_*} meters beside Vert.x's own;</li>
 *   <li>{@code /health/live} and {@code /health/ready}: the coordinator's liveness and readiness
 *   ({@link PartiHealthChecks}), 200 when UP and 503 when DOWN, with the details as JSON.</li>
 * </ul>
 * The environment configures it: {@code NATS_URL} (default {@code nats://127.0.0.1:4222}, several servers separated by
 * commas), {@code HTTP_PORT} (default 8080), {@code PARTI_INSTANCE_ID} (the coordinator's {@code instanceId}: the pod
 * name in a StatefulSet) and {@code PARTI_BUCKET_REPLICAS} (default 1; 3 on a three-node NATS). Dashboards and alerts
 * built on these names are in {@code examples/monitoring}; Kubernetes manifests in {@code examples/k8s}.
 */
public final class MonitoredWorker {

  /** The environment variables it reads. */
  static final String ENV_NATS_URL = "NATS_URL";
  static final String ENV_HTTP_PORT = "HTTP_PORT";
  static final String ENV_INSTANCE_ID = "PARTI_INSTANCE_ID";
  static final String ENV_BUCKET_REPLICAS = "PARTI_BUCKET_REPLICAS";
  static final int DEFAULT_HTTP_PORT = 8080;
  static final String METRICS_PATH = "/metrics";
  static final String READY_PATH = "/health/ready";
  static final String LIVE_PATH = "/health/live";
  /** How long the shutdown hook may take: the graceful leave's bounds, then Vert.x and the connection closing. */
  static Duration shutdownBudget(PartiOptions options) {
    return options.getShutdownTimeout().plus(options.getDrainTimeout()).plus(Duration.ofSeconds(10));
  }

  /** A running worker: its HTTP server is listening, and {@code joined} completes with its first assignment. */
  record Running(Vertx vertx, Connection nats, PartiCoordinator coordinator, HttpServer http, Future<String> joined) {

    /** Leaves the group (partitions handed off first), then closes Vert.x and the connection, in that order. */
    void stop() throws Exception {
      joined.compose(vertx::undeploy).await(1, TimeUnit.MINUTES);
      vertx.close().await(30, TimeUnit.SECONDS);
      nats.close();
    }
  }

  private MonitoredWorker() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String natsUrl = env.getOrDefault(ENV_NATS_URL, "nats://127.0.0.1:4222");
    int port = Integer.parseInt(env.getOrDefault(ENV_HTTP_PORT, Integer.toString(DEFAULT_HTTP_PORT)));
    PartiOptions options = new PartiOptions()
        .setInstanceId(env.get(ENV_INSTANCE_ID))
        .setBucketReplicas(Integer.parseInt(env.getOrDefault(ENV_BUCKET_REPLICAS, "1")));
    Running running = start(natsUrl, "0.0.0.0", port, options);
    System.out.println("serving /metrics, /health/live and /health/ready on port " + running.http().actualPort());
    running.joined().await();
    System.out.println(running.coordinator().workerId() + " runs " + running.coordinator().assignment().size() + " partition(s)");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.stop();
      } catch (Exception e) {
        System.out.println("shutdown failed: " + e);
      }
    }));
  }

  /**
   * Starts Vert.x with Micrometer metrics and the HTTP endpoints, then deploys the coordinator (the probes answer
   * from the start: not ready until the first assignment). Blocking: call it from a thread of your own.
   *
   * @param options the coordinator's options; the group is set to {@code orders}
   */
  static Running start(String natsUrl, String host, int port, PartiOptions options) throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)))).build();
    Connection nats = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(natsUrl).build());
    JetStreamManagement jsm = nats.jetStreamManagement();
    if (!jsm.getStreamNames().contains("ORDERS")) {
      jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
    }
    List<Partition> partitions = IntStream.range(0, 8).mapToObj(i -> Partition.of(Integer.toString(i))).toList();
    PartiCoordinator coordinator = PartiCoordinator.create(nats, new PartiOptions(options).setGroup("orders"),
            PartitionSource.fixed(partitions), AssignmentStrategy.consistentHash())
        .partitionVerticles(WorkerConsumer.jetStream(nats,
            new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>"),
            (partition, message) -> Future.succeededFuture()));

    HealthChecks ready = HealthChecks.create(vertx);
    HealthChecks live = HealthChecks.create(vertx);
    PartiHealthChecks.register(ready, live, coordinator);
    Router router = Router.router(vertx);
    router.get(METRICS_PATH).handler(PrometheusScrapingHandler.create());
    router.get(READY_PATH).handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get(LIVE_PATH).handler(HealthCheckHandler.createWithHealthChecks(live));
    HttpServer http = vertx.createHttpServer().requestHandler(router).listen(port, host).await();

    return new Running(vertx, nats, coordinator, http, vertx.deployVerticle(coordinator));
  }
}
