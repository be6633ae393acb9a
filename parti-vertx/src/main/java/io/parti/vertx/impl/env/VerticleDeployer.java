package io.parti.vertx.impl.env;

import io.parti.vertx.PartitionContext;
import io.parti.vertx.PartitionVerticleFactory;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

/**
 * Deploys partition verticles made by the user's factory, from a context that belongs to no deployment. A
 * verticle deployed from the coordinator's own context would be its child, and Vert.x undeploys children
 * before their parent's stop(): the partitions would stop before the graceful leave could hand them off.
 */
public final class VerticleDeployer implements PartitionDeployer {

  private final Vertx vertx;
  private final PartitionVerticleFactory factory;
  private final DeploymentOptions template;
  private final Context launcher;

  /** @param template the user's deployment options for every partition verticle (copied; the config gains the partition) */
  public VerticleDeployer(Vertx vertx, PartitionVerticleFactory factory, DeploymentOptions template) {
    this.vertx = vertx;
    this.factory = factory;
    this.template = new DeploymentOptions(template);
    this.launcher = ((VertxInternal) vertx).createEventLoopContext();
  }

  @Override
  public Future<String> deploy(PartitionContext partition) {
    Deployable verticle;
    try {
      verticle = factory.create(partition);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    JsonObject config = template.getConfig() == null ? new JsonObject() : template.getConfig().copy();
    DeploymentOptions deployment = new DeploymentOptions(template).setConfig(config.put(PartitionContext.CONFIG_KEY, partition.toJson()));
    Context owner = vertx.getOrCreateContext();
    Promise<String> deployed = Promise.promise();
    launcher.runOnContext(v -> vertx.deployVerticle(verticle, deployment)
        .onComplete(ar -> owner.runOnContext(x -> deployed.handle(ar))));
    return deployed.future();
  }

  /**
   * Undeploys a partition verticle. One that Vert.x already undeployed (it is closing, or the application undeployed
   * it) is not running, which is what was asked: that is no failure, and no warning.
   */
  @Override
  public Future<Void> undeploy(String deploymentId) {
    return vertx.undeploy(deploymentId).recover(error -> gone(error) ? Future.succeededFuture() : Future.failedFuture(error));
  }

  /**
   * Vert.x's own answers for a deployment it no longer has, or is taking down itself (it is closing). A failing
   * {@code stop()} is reported with the verticle's own error, and stays a failure.
   */
  private static boolean gone(Throwable error) {
    return error instanceof IllegalStateException
        && ("Unknown deployment".equals(error.getMessage()) || "Already undeployed".equals(error.getMessage()));
  }
}
