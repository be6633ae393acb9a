package io.parti.vertx;

import io.vertx.core.json.JsonObject;

/**
 * What a partition verticle knows about the partition it runs: which partition, the owner epoch (a fencing
 * token that strictly increases every time the partition changes owner, so a store can reject writes from
 * an older owner) and the worker it runs on.
 * <p>
 * The same fields reach verticles that are configured rather than constructed: the deployment config holds
 * {@link #toJson()} under the key {@value #CONFIG_KEY}.
 */
public interface PartitionContext {

  /** The key of the context in a partition verticle's deployment config. */
  String CONFIG_KEY = "parti";

  Partition partition();

  /** The owner epoch of this grant: the fencing token. */
  long epoch();

  String workerId();

  /** The coordinator's group ({@link PartiOptions#getGroup()}): what, with the partition, names its resources. */
  String group();

  /**
   * Whether this worker still owns the partition. It turns false as soon as the partition is revoked
   * (before the verticle's {@code stop()} is called), so per-message work can check it and refuse to start
   * new work for a partition that is being handed off.
   */
  boolean isOwned();

  default JsonObject toJson() {
    return new JsonObject()
        .put("partition", partition().toJson())
        .put("partitionId", partition().id())
        .put("epoch", epoch())
        .put("workerId", workerId())
        .put("group", group());
  }
}
