package io.parti.vertx;

import io.parti.vertx.impl.PartiCoordinatorImpl;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.nats.client.Options;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;

import java.time.Duration;
import java.util.Set;

/**
 * Shards partitions across the worker processes of a group. Deploy one per process:
 * <pre>{@code
 * PartiCoordinator coordinator = PartiCoordinator.create(connection, new PartiOptions().setGroup("orders"),
 *         PartitionSource.fixed(partitions), AssignmentStrategy.consistentHash())
 *     .partitionVerticles(ctx -> new OrderVerticle(ctx));
 * vertx.deployVerticle(coordinator);
 * }</pre>
 * Deploying claims a stable worker id, joins the election and completes once the first assignment that
 * includes this worker is applied (it fails after {@link PartiOptions#getJoinTimeout()} otherwise). An instance is
 * deployed once; deploy a new one to join again. From then on the coordinator deploys one verticle per partition it owns
 * and undeploys it when the partition moves away, through a two-phase hand-off. Undeploying it is a
 * graceful leave: its partitions are handed off first, then its id is released.
 * <p>
 * Changes are published (locally) on the event bus: {@link #ASSIGNMENTS_ADDRESS}, {@link #STATE_ADDRESS}
 * and {@link #LEADERSHIP_ADDRESS} by default. The accessors below may be called from any thread.
 */
public interface PartiCoordinator extends Deployable {

  /** Default address of {@code {workerId, version, partitions, added, removed, leader}} after every applied change. */
  String ASSIGNMENTS_ADDRESS = PartiOptions.DEFAULT_ASSIGNMENTS_ADDRESS;
  /** Default address of {@code {workerId, from, to}} on every state change. */
  String STATE_ADDRESS = PartiOptions.DEFAULT_STATE_ADDRESS;
  /** Default address of {@code {workerId, leader}} when leadership is gained or lost. */
  String LEADERSHIP_ADDRESS = PartiOptions.DEFAULT_LEADERSHIP_ADDRESS;
  /** Default address of {@code {workerId, partition, epoch, event}} hand-off incidents ({@code "drain-timeout"}). */
  String HANDOFF_ADDRESS = PartiOptions.DEFAULT_HANDOFF_ADDRESS;

  /**
   * Creates a coordinator. The connection is the application's; the coordinator never closes it. For the
   * coordination traffic, connect with {@link #recommendedConnectionOptions()}.
   *
   * @throws IllegalArgumentException when the options are invalid, naming the option
   */
  static PartiCoordinator create(Connection connection, PartiOptions options, PartitionSource source, AssignmentStrategy strategy) {
    return new PartiCoordinatorImpl(connection, new PartiOptions(options).validate(), source, strategy);
  }

  /**
   * jnats options suited to a coordinator's connection: pings every second so a silent network partition is
   * noticed in about 3 s (the default is 2 minutes), no reconnect buffer (a write made while disconnected
   * fails at once instead of landing late and ambiguously), and unlimited reconnects.
   */
  static Options.Builder recommendedConnectionOptions() {
    return new Options.Builder()
        .pingInterval(Duration.ofSeconds(1))
        .maxPingsOut(2)
        .reconnectBufferSize(0)
        .maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(250))
        .connectionTimeout(Duration.ofSeconds(2));
  }

  /** Sets what runs each owned partition, deployed with default options (an event-loop verticle). Required before deployment. */
  PartiCoordinator partitionVerticles(PartitionVerticleFactory factory);

  /**
   * Sets what runs each owned partition, and how it is deployed: a worker verticle, a virtual-thread one (Java 21),
   * a config of its own. One verticle runs one partition: {@code instances} must be 1. Each partition verticle gets a copy of {@code options} whose config also holds
   * the partition under {@link PartitionContext#CONFIG_KEY}. Required (this or the other) before deployment.
   */
  PartiCoordinator partitionVerticles(PartitionVerticleFactory factory, DeploymentOptions options);

  /**
   * Sets the registry of the coordinator's meters (listed in docs/operations.md). Without one they go to the
   * registry of Vert.x's own Micrometer metrics when this Vert.x runs with {@code MicrometerMetricsOptions} under
   * the default registry name, else to Micrometer's global registry. They are removed when the coordinator is
   * undeployed. Call before deployment.
   */
  PartiCoordinator meterRegistry(MeterRegistry registry);

  /** The group this coordinator works for. */
  String group();

  /** This worker's id ({@code worker-3}), or {@code null} before one is claimed. */
  String workerId();

  boolean isLeader();

  WorkerState state();

  /** The partitions running on this worker now. */
  Set<Partition> assignment();

  /** The version of the last applied assignment, 0 before the first. */
  long assignmentVersion();
}
