package io.parti.vertx;

import io.vertx.core.Deployable;

/**
 * Creates the verticle that runs one partition on this worker. The coordinator deploys it when the
 * partition is granted to this worker and undeploys it when the partition moves away; the hand-off waits
 * for the verticle's {@code stop()} future, which is where in-flight work drains.
 */
@FunctionalInterface
public interface PartitionVerticleFactory {

  Deployable create(PartitionContext context) throws Exception;
}
