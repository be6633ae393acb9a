package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** How a coordinator is deployed: its partition verticles' own deployment options, and one deployment per instance. */
class DeploymentIT extends FleetTest {

  private static PartiOptions options(String group) {
    return PartiOptions.fast().setGroup(group).setColdStartWindow(Duration.ZERO).setPlannedScaleWindow(Duration.ZERO)
        .setRebalanceCooldown(Duration.ZERO);
  }

  @Test
  void partitionVerticlesRunWithTheDeploymentOptionsGiven(NatsServer nats) throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    Vertx vertx = VertxTestSupport.vertx();
    try (Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build())) {
      PartiCoordinator coordinator = PartiCoordinator.create(connection, options("deploy-opts"),
              PartitionSource.fixed(List.of(Partition.of("a"), Partition.of("b"))), AssignmentStrategy.consistentHash())
          .partitionVerticles(ctx -> new VerticleBase() {
            @Override
            public Future<?> start() {
              seen.put(ctx.partition().id(), (context.isWorkerContext() ? "worker" : "event-loop") + " "
                  + config().getString("team") + " " + config().getJsonObject(PartitionContext.CONFIG_KEY).getString("partitionId"));
              return Future.succeededFuture();
            }
          }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(new JsonObject().put("team", "blue")));
      String id = Fleet.await(vertx.deployVerticle(coordinator));
      assertThat(seen).containsOnly(Map.entry("a", "worker blue a"), Map.entry("b", "worker blue b"));
      Fleet.await(vertx.undeploy(id));
    } finally {
      Fleet.await(vertx.close());
    }
  }

  @Test
  void aCoordinatorDeployedTwiceFailsTheSecondDeploymentClearly(NatsServer nats) throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    try (Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build())) {
      PartiCoordinator coordinator = PartiCoordinator.create(connection, options("deploy-twice"),
              PartitionSource.fixed(List.of(Partition.of("a"))), AssignmentStrategy.consistentHash())
          .partitionVerticles(ctx -> new VerticleBase() { });
      String id = Fleet.await(vertx.deployVerticle(coordinator));
      Future<String> again = vertx.deployVerticle(coordinator);
      Fleet.await(again.otherwiseEmpty());
      assertThat(again.cause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("deployed already");
      assertThat(coordinator.assignment()).as("the first deployment runs on").containsExactly(Partition.of("a"));
      Fleet.await(vertx.undeploy(id));
    } finally {
      Fleet.await(vertx.close());
    }
  }

  @Test
  void partitionVerticlesDeployedSeveralTimesOverAreRefusedNamingTheOption(NatsServer nats) throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      PartiCoordinator coordinator = PartiCoordinator.create(connection, options("deploy-instances"),
          PartitionSource.fixed(List.of(Partition.of("a"))), AssignmentStrategy.consistentHash());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> coordinator.partitionVerticles(ctx -> new VerticleBase() { },
              new DeploymentOptions().setInstances(2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("instances of a partition verticle must be 1, was 2");
    }
  }
}
