package io.parti.vertx.impl;

import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionVerticleFactory;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.kv.KvBuckets;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The coordinator verticle: owns the buckets and one {@link WorkerSession} at a time (a new one after the
 * worker id is lost), derives the worker state, and runs the graceful leave. Everything runs on this
 * verticle's context.
 */
public final class PartiCoordinatorImpl extends VerticleBase implements PartiCoordinator {

  private static final System.Logger LOG = System.getLogger(PartiCoordinatorImpl.class.getName());

  private final Connection connection;
  private final PartiOptions options;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  private final String instance;
  private final PartiMetrics metrics;
  private final WorkerStateMachine stateMachine;
  private final ConnectionListener connectionListener;
  private PartitionVerticleFactory factory;
  private CoordinatorEvents events;
  private Buckets buckets;
  private WorkerSession session;
  private boolean degraded;
  private boolean stopping;
  private volatile String workerId;
  private final Promise<Void> firstAssignment = Promise.promise();

  /** The four coordination buckets of the group. */
  record Buckets(KvStore ids, KvStore leader, KvStore heartbeats, KvStore assignments) {
  }

  public PartiCoordinatorImpl(Connection connection, PartiOptions options, PartitionSource source, AssignmentStrategy strategy) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = options;
    this.source = Objects.requireNonNull(source, "source");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.instance = options.getInstanceId() != null ? options.getInstanceId() : UUID.randomUUID().toString();
    this.metrics = new PartiMetrics(options.getGroup());
    this.stateMachine = new WorkerStateMachine("parti[" + options.getGroup() + "]", (from, to) -> {
      if (events != null) {
        events.state(workerId, from, to);
      }
    });
    this.connectionListener = (conn, event) -> {
      if (context == null) {
        return;
      }
      if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
        context.runOnContext(v -> connectivity(event == ConnectionListener.Events.RECONNECTED));
      } else if (event == ConnectionListener.Events.CLOSED) {
        context.runOnContext(v -> closed());
      }
    };
  }

  @Override
  public PartiCoordinator partitionVerticles(PartitionVerticleFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
    return this;
  }

  @Override
  public Future<?> start() {
    if (factory == null) {
      return Future.failedFuture(new IllegalStateException("no partition verticle factory: call partitionVerticles(...) before deploying"));
    }
    events = new CoordinatorEvents(vertx, options);
    connection.addConnectionListener(connectionListener);
    Future<KvStore> ids = open(options.idsBucket(), options.getWorkerIdTtl());
    Future<KvStore> leader = open(options.leaderBucket(), options.getElectionTimeout());
    Future<KvStore> heartbeats = open(options.heartbeatBucket(), options.getHeartbeatTtl());
    Future<KvStore> assignments = open(options.assignmentBucket(), Duration.ZERO);
    return Future.all(ids, leader, heartbeats, assignments)
        .compose(all -> {
          buckets = new Buckets(ids.result(), leader.result(), heartbeats.result(), assignments.result());
          return join();
        })
        .compose(v -> firstAssignment.future())
        .recover(error -> {
          // The deployment fails: leave nothing behind (timers, watches, a claimed id).
          connection.removeConnectionListener(connectionListener);
          WorkerSession started = session;
          session = null;
          return (started == null ? Future.<Void>succeededFuture() : started.abort())
              .transform(ar -> Future.failedFuture(error));
        });
  }

  /** Opens (or creates) a bucket, riding out a JetStream that cannot answer yet. */
  private Future<KvStore> open(String bucket, Duration ttl) {
    return Retry.whileUnavailable(vertx, "opening bucket " + bucket, WorkerIdClaim.STARTUP_RETRY_MS,
        () -> KvBuckets.open(vertx, connection, bucket, ttl, options.getBucketReplicas(), 1, options.getOperationTimeout()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    updateState();
    connection.removeConnectionListener(connectionListener);
    WorkerSession current = session;
    if (current == null) {
      return Future.succeededFuture();
    }
    return current.leave(options.getShutdownTimeout());
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public boolean isLeader() {
    WorkerSession current = session;
    return current != null && current.isLeader();
  }

  @Override
  public WorkerState state() {
    return stateMachine.state();
  }

  @Override
  public Set<Partition> assignment() {
    WorkerSession current = session;
    return current == null ? Set.of() : current.partitions();
  }

  @Override
  public long assignmentVersion() {
    WorkerSession current = session;
    return current == null ? 0 : current.appliedVersion();
  }

  /** How many invalid state transitions were refused (a bug if ever above zero). */
  public long invalidTransitions() {
    return stateMachine.invalidTransitions();
  }

  private Future<Void> join() {
    WorkerSession next = new WorkerSession(vertx, context, connection, options, buckets, source, strategy, factory,
        metrics, instance, new WorkerSession.Callbacks() {
      @Override public void claimed(String id) {
        workerId = id;
        updateState();
      }
      @Override public void changed() {
        updateState();
      }
      @Override public void applied(AssignmentRecord record, Collection<String> running, List<String> added, List<String> removed) {
        events.assignment(workerId, record.version(), running, added, removed, isLeader());
        WorkerSession current = session;
        if (current != null && current.hasAssignment()) {
          firstAssignment.tryComplete();
        }
        updateState();
      }
      @Override public void leadership(String id, boolean leader) {
        events.leadership(id, leader);
        updateState();
      }
      @Override public void idLost() {
        selfFence();
      }
      @Override public void drainTimedOut(String partition, long epoch) {
        events.drainTimeout(workerId, partition, epoch);
      }
      @Override public void fenced(boolean paused) {
        events.fencing(workerId, paused);
      }
    });
    session = next;
    updateState();
    return next.start();
  }

  /** The worker id was lost: someone else may hold it now, so stop everything at once and join anew. */
  private void selfFence() {
    WorkerSession lost = session;
    session = null;
    workerId = null;
    updateState();
    lost.abort().onComplete(ar -> rejoin());
  }

  /** Joins anew, and keeps trying while NATS cannot be reached: the process is still meant to work. */
  private void rejoin() {
    if (stopping) {
      return;
    }
    join().onFailure(e -> {
      LOG.log(System.Logger.Level.WARNING, "re-joining failed, trying again: " + e.getMessage());
      WorkerSession failed = session;
      session = null;
      (failed == null ? Future.succeededFuture() : failed.abort())
          .onComplete(ar -> vertx.setTimer(options.getHeartbeatInterval().toMillis(), t -> rejoin()));
    });
  }

  private void connectivity(boolean connected) {
    degraded = !connected;
    WorkerSession current = session;
    if (current != null) {
      current.connectivity(connected);
    }
    updateState();
  }

  private void closed() {
    degraded = true;
    WorkerSession current = session;
    if (current != null && !stopping) {
      current.connectionClosed();
    }
    updateState();
  }

  /** Derives the state from the facts, then asks the state machine for the transition. */
  private void updateState() {
    stateMachine.moveTo(desiredState());
  }

  private WorkerState desiredState() {
    WorkerSession current = session;
    if (stopping) {
      return WorkerState.SHUTDOWN;
    }
    if (degraded && current != null && current.hasAssignment()) {
      return WorkerState.DEGRADED;
    }
    if (current == null || workerId == null) {
      return WorkerState.CLAIMING_ID;
    }
    if (!current.electionStarted()) {
      return WorkerState.ELECTION;
    }
    WorkerState phase = current.leaderPhase();
    if (phase != null) {
      return phase;
    }
    return current.hasAssignment() ? WorkerState.STABLE : WorkerState.WAITING_ASSIGNMENT;
  }
}
