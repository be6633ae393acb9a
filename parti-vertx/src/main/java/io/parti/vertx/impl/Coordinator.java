package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.Connectivity;
import io.parti.vertx.impl.kv.Kv;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.ObservedKvBucket;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.shared.RetryPolicy;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One coordinator's protocol, on whatever {@link Environment} it is started with: opens the buckets, owns one
 * {@link WorkerSession} at a time (a new one after the worker id is lost), derives the worker state, and runs
 * the graceful leave. Everything runs on the environment's scheduler. The verticle
 * ({@link PartiCoordinatorImpl}) starts it on Vert.x and jnats; the deterministic simulation starts it on its own
 * seams.
 */
public final class Coordinator {

  private final PartiOptions options;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  private final String instance;
  /** Whether the instance id was configured rather than made up: see {@link Wiring}. */
  private final boolean configuredInstance;
  private final WorkerStateMachine stateMachine;
  private final CoordinatorLog coordinatorLog;
  private final CoordinatorLog.Source log;
  private PartiMetrics metrics;
  private final Promise<Void> firstAssignment = Promise.promise();
  /** Disarms the join timeout: once joined, or when stopped while waiting (a leave needs no timer left behind). */
  private Runnable cancelJoinTimer = () -> { };
  private Wiring wiring;
  private CoordinatorEvents events;
  private Runnable stopListening = () -> { };
  /** The current session (one claim of a worker id); read from any thread by the accessors. */
  private volatile WorkerSession session;
  /** Another live process with this instance id took our id: never take an id over again. */
  private boolean twinSeen;
  private final Contact contact = new Contact();
  /** Whether JetStream answers over the connection; set at the start. */
  private JetStreamWatch jetStream;
  /** When the worker last went {@code DEGRADED} (scheduler time), for the line and event that say how long it was. */
  private long degradedSince;
  private boolean stopping;
  private boolean stopped;
  private volatile String workerId;
  /** The permission refusals logged after the first assignment. */
  private final Set<String> refusalsLogged = new HashSet<>();
  /** The id of the last session, kept across a re-join: the next session claims it first. */
  private String lastWorkerId;

  /**
   * @param instance           this process' instance id
   * @param configuredInstance whether it was configured (a restart or a twin may claim under it), not made up for
   *                           this process alone
   */
  public Coordinator(PartiOptions options, PartitionSource source, AssignmentStrategy strategy, String instance,
                     boolean configuredInstance) {
    this.options = options;
    this.source = source;
    this.strategy = strategy;
    this.instance = instance;
    this.configuredInstance = configuredInstance;
    this.coordinatorLog = new CoordinatorLog(options.getGroup());
    this.log = coordinatorLog.of(Coordinator.class);
    this.stateMachine = new WorkerStateMachine("parti[" + options.getGroup() + "]", this::stateChanged);
  }

  private void stateChanged(WorkerState from, WorkerState to) {
    String reason = null;
    long degradedMs = -1;
    if (to == WorkerState.DEGRADED) {
      reason = contact.reason();
      degradedSince = wiring.scheduler().nanoTime();
      String why = reason;
      log.warning(() -> "degraded (" + why + "): the partitions run on the cached assignment v" + assignmentVersion());
      metrics.degradedEntered(reason);
    } else if (from == WorkerState.DEGRADED) {
      degradedMs = (wiring.scheduler().nanoTime() - degradedSince) / 1_000_000;
      long lasted = degradedMs;
      log.info(() -> "no longer degraded after " + lasted + " ms, now " + to);
      metrics.degradedLeft();
    }
    if (events != null) {
      events.state(workerId, from, to, reason, degradedMs);
    }
  }

  /** What the coordinator's gauges read: its accessors, which any thread may call. */
  private final PartiMetrics.View gaugeView = new PartiMetrics.View() {
    @Override public WorkerState state() {
      return Coordinator.this.state();
    }
    @Override public boolean isLeader() {
      return Coordinator.this.isLeader();
    }
    @Override public int owned() {
      return assignment().size();
    }
    @Override public long assignmentVersion() {
      return Coordinator.this.assignmentVersion();
    }
  };

  /** Joins the group; completes once the first assignment that counts this worker in is applied. */
  public Future<Void> start(Environment env) {
    events = new CoordinatorEvents(env.events(), options);
    metrics = new PartiMetrics(env.meters(), options.getGroup(), env.scheduler()::nanoTime);
    Map<String, Duration> ttls = new LinkedHashMap<>();
    ttls.put(options.idsBucket(), options.getWorkerIdTtl());
    ttls.put(options.leaderBucket(), options.getElectionTimeout());
    ttls.put(options.heartbeatBucket(), options.getHeartbeatTtl());
    ttls.put(options.assignmentBucket(), Duration.ZERO);
    jetStream = new JetStreamWatch(contact, env.kv(), ttls, options.getBucketReplicas(), log, new JetStreamWatch.Listener() {
      @Override public void bucketMissing(String bucket) {
        events.bucketMissing(workerId, bucket);
        metrics.bucketMissing(bucket);
      }
      @Override public void bucketsRecreated(List<String> recreated) {
        events.storeRecreated(workerId, recreated);
        recreated.forEach(metrics::bucketRecreated);
      }
    }, this::updateState);
    stopListening = env.connectivity().listen(this::onConnectivity);
    Future<KvBucket> ids = open(env, options.idsBucket(), ttls.get(options.idsBucket()));
    Future<KvBucket> leader = open(env, options.leaderBucket(), ttls.get(options.leaderBucket()));
    Future<KvBucket> heartbeats = open(env, options.heartbeatBucket(), ttls.get(options.heartbeatBucket()));
    Future<KvBucket> assignments = open(env, options.assignmentBucket(), ttls.get(options.assignmentBucket()));
    return Future.all(ids, leader, heartbeats, assignments)
        .compose(all -> {
          Buckets buckets = new Buckets(ids.result(), leader.result(), heartbeats.result(), assignments.result());
          wiring = new Wiring(env, options, metrics, coordinatorLog, buckets, instance, configuredInstance);
          return join();
        })
        .compose(v -> joined(env))
        .recover(error -> {
          // The deployment fails: leave nothing behind (timers, watches, a claimed id), and never join again
          // (a re-join under way, or one a lost id would start, checks this): nobody will stop what it starts.
          stopping = true;
          stopListening.run();
          WorkerSession started = session;
          session = null;
          return (started == null ? Future.<Void>succeededFuture() : started.giveUp())
              .transform(ar -> {
                metrics.close();
                return Future.failedFuture(error);
              });
        });
  }

  /** The first assignment that counts this worker in, or a timeout {@code joinTimeout} after it joined. */
  private Future<Void> joined(Environment env) {
    if (stopping) {
      return firstAssignment.future(); // the leave decides how this deployment ends; no timer outlives it
    }
    long bound = options.getJoinTimeout().toMillis();
    long timer = env.scheduler().setTimer(bound, () -> firstAssignment.tryFail(new PartiException.Timeout(
        "no assignment including " + workerId + " within " + bound + " ms (joinTimeout)", null)));
    cancelJoinTimer = () -> env.scheduler().cancelTimer(timer);
    return firstAssignment.future().onComplete(ar -> cancelJoinTimer.run());
  }

  /** Opens (or creates) a bucket, riding out a JetStream that cannot answer yet. */
  private Future<KvBucket> open(Environment env, String bucket, Duration ttl) {
    Kv kv = env.kv();
    return Retry.whileUnavailable(env.scheduler(), "opening bucket " + bucket, Retry.STARTUP_DEADLINE_MS,
        () -> kv.open(bucket, ttl, options.getBucketReplicas())).map(opened -> new ObservedKvBucket(opened, env.scheduler(),
        (operation, nanos, failure) -> {
          String errorKind = ObservedKvBucket.kind(failure);
          metrics.kvOperation(operation, nanos, errorKind);
          jetStream.completed(operation, errorKind);
          if (failure instanceof PartiException.Forbidden) {
            forbidden(failure);
          }
        }));
  }

  /**
   * The server refused an operation for lack of a permission. Before the first assignment the deployment fails with
   * it (retrying cannot grant a permission); later the operation's own retries go on, and the ERROR says what to grant.
   */
  private void forbidden(Throwable refusal) {
    if (!firstAssignment.tryFail(refusal) && refusalsLogged.add(refusal.getMessage())) {
      log.error(refusal::getMessage); // once per refusal: the retries would repeat it every interval
    }
  }

  /** The graceful leave: hands the partitions off, then releases the id. */
  public Future<Void> stop() {
    stopping = true;
    updateState();
    stopListening.run();
    cancelJoinTimer.run();
    WorkerSession current = session;
    Future<Void> left = current == null ? Future.succeededFuture() : current.leave(options.getShutdownTimeout());
    return left.onComplete(ar -> {
      stopped = true;
      metrics.close();
    });
  }

  /** Whether the graceful leave is through. */
  public boolean stopped() {
    return stopped;
  }

  /** Whether this coordinator holds its worker id's lease now (it may be leaving, but has not given it up). */
  public boolean holdsWorkerId() {
    WorkerSession current = session;
    return current != null && current.holdsId();
  }

  /** The current session (claim of the worker id), or {@code null} between sessions. */
  public String sessionId() {
    WorkerSession current = session;
    return current == null ? null : current.sessionId();
  }

  public String workerId() {
    return workerId;
  }

  public boolean isLeader() {
    WorkerSession current = session;
    return current != null && current.isLeader();
  }

  public WorkerState state() {
    return stateMachine.state();
  }

  public Set<Partition> assignment() {
    WorkerSession current = session;
    return current == null ? Set.of() : current.partitions();
  }

  public long assignmentVersion() {
    WorkerSession current = session;
    return current == null ? 0 : current.appliedVersion();
  }

  /** Why the worker is out of contact with NATS ({@code "disconnected"}, {@code "closed"}), or {@code null}. */
  public String degradedReason() {
    return contact.reason();
  }

  /** Whether the current session applied an assignment that grants this worker something (or counts it in). */
  public boolean hasAssignment() {
    WorkerSession current = session;
    return current != null && current.hasAssignment();
  }

  /** Whether the connection was closed for good: this coordinator cannot reach NATS again. */
  public boolean connectionClosed() {
    return contact.closedForGood();
  }

  /** How many invalid state transitions were refused (a bug if ever above zero). */
  public long invalidTransitions() {
    return stateMachine.invalidTransitions();
  }

  private Future<Void> join() {
    WorkerSession next = new WorkerSession(wiring, source, strategy, !twinSeen, lastWorkerId, new WorkerSession.Callbacks() {
      @Override public void claimed(String id) {
        workerId = id;
        lastWorkerId = id;
        coordinatorLog.workerId(id);
        metrics.workerId(id, gaugeView);
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
      @Override public void ended(String endedSession) {
        WorkerSession current = session;
        if (current != null && current.sessionId().equals(endedSession)) { // a replaced session has nothing to end
          selfFence();
        }
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

  /**
   * The session ended (its id was lost: someone else may hold it now; or it may have been declared dead): stop
   * everything at once and join anew.
   */
  private void selfFence() {
    WorkerSession lost = session;
    twinSeen |= lost.lostToTwin();
    session = null;
    workerId = null;
    coordinatorLog.workerId(null);
    updateState();
    lost.abort().onComplete(ar -> rejoin());
  }

  /** Joins anew, and keeps trying while NATS cannot be reached: the process is still meant to work. */
  private void rejoin() {
    if (stopping) {
      return;
    }
    join().onFailure(e -> {
      log.warning(() -> "re-joining failed, trying again: " + e.getMessage());
      WorkerSession failed = session;
      session = null;
      (failed == null ? Future.succeededFuture() : failed.abort())
          .onComplete(ar -> wiring.scheduler().setTimer(RetryPolicy.steady(options.getHeartbeatInterval().toMillis())
              .delayMs(1, wiring.scheduler().random()), this::rejoin));
    });
  }

  private void onConnectivity(Connectivity.Event event) {
    if (event == Connectivity.Event.CLOSED) {
      closed();
    } else {
      connectivity(event == Connectivity.Event.RECONNECTED);
    }
  }

  private void connectivity(boolean connected) {
    contact.connection(connected);
    if (connected && jetStream != null) {
      jetStream.reconnected();
    }
    updateState();
  }

  private void closed() {
    contact.closed();
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
    if (contact.lost() && current != null && current.hasAssignment()) {
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
