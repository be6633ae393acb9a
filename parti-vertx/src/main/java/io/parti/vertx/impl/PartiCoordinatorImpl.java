package io.parti.vertx.impl;

import io.parti.vertx.shared.consumer.JetStreamSettings;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionVerticleFactory;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.NatsConnectivity;
import io.parti.vertx.impl.env.VertxScheduler;
import io.parti.vertx.impl.env.VerticleDeployer;
import io.parti.vertx.impl.kv.NatsKv;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.micrometer.core.instrument.MeterRegistry;
import io.parti.vertx.shared.metrics.MeterRegistries;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The coordinator verticle: starts the {@link Coordinator} on this verticle's context, wired to Vert.x (timers,
 * the event bus, partition verticles) and to the application's jnats connection.
 */
public final class PartiCoordinatorImpl extends VerticleBase implements PartiCoordinator {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Connection connection;
  private final PartiOptions options;
  private final Coordinator coordinator;
  private final AtomicBoolean deployed = new AtomicBoolean();
  private PartitionVerticleFactory factory;
  private DeploymentOptions partitionDeployment = new DeploymentOptions();
  private MeterRegistry meterRegistry;

  public PartiCoordinatorImpl(Connection connection, PartiOptions options, PartitionSource source, AssignmentStrategy strategy) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = options;
    String configured = options.getInstanceId();
    this.coordinator = new Coordinator(options, Objects.requireNonNull(source, "source"), Objects.requireNonNull(strategy, "strategy"),
        configured != null ? configured : UUID.randomUUID().toString(), configured != null);
  }

  @Override
  public PartiCoordinator partitionVerticles(PartitionVerticleFactory factory) {
    return partitionVerticles(factory, new DeploymentOptions());
  }

  @Override
  public PartiCoordinator partitionVerticles(PartitionVerticleFactory factory, DeploymentOptions options) {
    this.factory = Objects.requireNonNull(factory, "factory");
    if (Objects.requireNonNull(options, "options").getInstances() != 1) {
      // One verticle runs one partition: several instances of it would all process the same partition.
      throw new IllegalArgumentException("instances of a partition verticle must be 1, was " + options.getInstances());
    }
    this.partitionDeployment = new DeploymentOptions(options);
    return this;
  }

  @Override
  public PartiCoordinator meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  @Override
  public Future<?> start() {
    if (factory == null) {
      return Future.failedFuture(new IllegalStateException("no partition verticle factory: call partitionVerticles(...) before deploying"));
    }
    if (!deployed.compareAndSet(false, true)) {
      // Its state (the worker id, the session, the partitions) belongs to one deployment.
      return Future.failedFuture(new IllegalStateException("this coordinator was deployed already: create one per deployment"));
    }
    Environment env = new Environment(
        new VertxScheduler(vertx, context),
        new NatsKv(vertx, connection, options.getOperationTimeout(), JetStreamSettings.api(options.getDomain(), options.getApiPrefix())),
        new NatsConnectivity(connection, context),
        new VerticleDeployer(vertx, factory, partitionDeployment),
        (address, event) -> vertx.eventBus().publish(address, event, LOCAL),
        () -> UUID.randomUUID().toString(),
        (userSource, listener) -> userSource.start(vertx, connection, listener),
        MeterRegistries.resolve(vertx, meterRegistry));
    return coordinator.start(env);
  }

  @Override
  public Future<?> stop() {
    return coordinator.stop();
  }

  @Override
  public String workerId() {
    return coordinator.workerId();
  }

  @Override
  public boolean isLeader() {
    return coordinator.isLeader();
  }

  @Override
  public WorkerState state() {
    return coordinator.state();
  }

  @Override
  public Set<Partition> assignment() {
    return coordinator.assignment();
  }

  @Override
  public long assignmentVersion() {
    return coordinator.assignmentVersion();
  }

  @Override
  public String group() {
    return options.getGroup();
  }

  /** Why the worker is out of contact with NATS ({@code "disconnected"}, {@code "closed"}), or {@code null}. */
  public String degradedReason() {
    return coordinator.degradedReason();
  }

  /** Whether this worker's current session runs an assignment that counts it in. */
  public boolean hasAssignment() {
    return coordinator.hasAssignment();
  }

  /** Whether the connection was closed for good: this coordinator cannot reach NATS again. */
  public boolean connectionClosed() {
    return coordinator.connectionClosed();
  }

  /** The current session (claim of the worker id), or {@code null} between sessions: for tests and diagnostics. */
  public String sessionId() {
    return coordinator.sessionId();
  }

  /** How many invalid state transitions were refused (a bug if ever above zero). */
  public long invalidTransitions() {
    return coordinator.invalidTransitions();
  }
}
