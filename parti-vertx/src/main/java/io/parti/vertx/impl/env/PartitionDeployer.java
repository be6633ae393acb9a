package io.parti.vertx.impl.env;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;

/**
 * Starts and stops the user's verticle of one partition. Both futures complete on the coordinator's loop; the
 * stop future is the verticle's drain.
 */
public interface PartitionDeployer {

  /** Deploys the verticle of {@code partition}; completes with its deployment id once its start is through. */
  Future<String> deploy(PartitionContext partition);

  /** Undeploys a verticle deployed by {@link #deploy}; completes once its stop is through. */
  Future<Void> undeploy(String deploymentId);
}
