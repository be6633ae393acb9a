package io.parti.vertx.it;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;

/**
 * A partition's own deployable (a worker consumer's verticle, say) whose run is recorded in an
 * {@link OwnershipRegistry}: it holds the partition from the start of its deployment until its undeployment begins,
 * which the coordinator asks for only once the partition's gate is closed. That is the span the guarantees speak of
 * (docs/lifecycle.md, "The guarantees, exactly"). Its drain comes after: a worker consumer's handlers still running
 * then are the {@link MessageLedger}'s to watch, and the rest of its stop (a pull request running out, a durable check
 * timing out on a cut-off connection) starts nothing.
 */
final class RecordingDeployable implements Deployable {

  private final PartitionContext partition;
  private final String session;
  private final OwnershipRegistry registry;
  private final Deployable inner;
  private int run;

  /** @param session the session (claim of the worker id) the partition was granted to */
  RecordingDeployable(PartitionContext partition, String session, OwnershipRegistry registry, Deployable inner) {
    this.partition = partition;
    this.session = session;
    this.registry = registry;
    this.inner = inner;
  }

  @Override
  public Future<?> deploy(Context context) throws Exception {
    run = registry.started(partition.partition().id(), partition.workerId(), session, partition.epoch());
    try {
      return inner.deploy(context).onFailure(e -> registry.stopped(run));
    } catch (Exception | Error e) {
      registry.stopped(run);
      throw e;
    }
  }

  @Override
  public Future<?> undeploy(Context context) throws Exception {
    if (partition.isOwned()) {
      registry.stoppedWhileOwned(partition.partition().id(), partition.workerId());
    }
    registry.stopped(run);
    return inner.undeploy(context);
  }
}
