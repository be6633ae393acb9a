package io.parti.vertx.impl.env;

import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Undeploying a partition verticle: one Vert.x already took down is gone, a failing stop() is still a failure. */
class VerticleDeployerTest {

  private final Vertx vertx = VertxTestSupport.vertx();
  private final VerticleDeployer deployer = new VerticleDeployer(vertx, ctx -> new VerticleBase() { }, new DeploymentOptions());

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aVerticleVertxAlreadyUndeployedIsGoneWithoutAFailure() throws Exception {
    String id = await(vertx.deployVerticle(new VerticleBase() { }));
    await(vertx.undeploy(id));
    Future<Void> again = deployer.undeploy(id);
    await(again.otherwiseEmpty());
    assertThat(again.succeeded()).as("undeploying what is gone: " + again.cause()).isTrue();
    Future<Void> unknown = deployer.undeploy("never-deployed");
    await(unknown.otherwiseEmpty());
    assertThat(unknown.succeeded()).isTrue();
  }

  @Test
  void aStopThatFailsIsStillReportedAsFailed() throws Exception {
    String id = await(vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> stop() {
        return Future.failedFuture(new IllegalStateException("the sink refused to close"));
      }
    }));
    Future<Void> undeploy = deployer.undeploy(id);
    await(undeploy.otherwiseEmpty());
    assertThat(undeploy.failed()).isTrue();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
