package io.parti.vertx.health;

import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.PartiCoordinatorImpl;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Health-check procedures for a coordinator, for vertx-health-check. Serve the two {@link HealthChecks} on
 * Kubernetes' probes (with vertx-web's {@code HealthCheckHandler}: 200 when UP, 503 when DOWN):
 * <pre>{@code
 * HealthChecks ready = HealthChecks.create(vertx);
 * HealthChecks live = HealthChecks.create(vertx);
 * PartiHealthChecks.register(ready, live, coordinator);
 * router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
 * router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
 * }</pre>
 * <ul>
 *   <li><b>Readiness</b> is UP while the worker runs its assignment in contact with NATS ({@code STABLE} or one of the
 *   leader's phases); DOWN before the first assignment, while {@code DEGRADED} (the partitions may move away) and
 *   once it is shutting down.</li>
 *   <li><b>Liveness</b> stays UP while degraded: a restart would not bring NATS back, and the worker rides the
 *   outage out on its cached assignment. It is DOWN only when the connection was closed for good, which the
 *   coordinator cannot recover from (a restart can).</li>
 * </ul>
 * Both carry the details {@code state}, {@code workerId}, {@code leader}, {@code owned}, {@code version} and, while
 * degraded, {@code degradedReason}. The procedures read the coordinator's thread-safe accessors and never block.
 */
public final class PartiHealthChecks {

  /** The states in which a worker is ready: it runs its assignment in contact with NATS. */
  private static final Set<WorkerState> READY = EnumSet.of(WorkerState.STABLE, WorkerState.SCALING, WorkerState.REBALANCING,
      WorkerState.EMERGENCY);

  private PartiHealthChecks() {
  }

  /** The procedure name used by {@link #register}: {@code parti/<group>} (the group's check nested under {@code parti}). */
  public static String procedureName(PartiCoordinator coordinator) {
    return "parti/" + coordinator.group();
  }

  /** Registers the coordinator's readiness in {@code readiness} and its liveness in {@code liveness}, under {@link #procedureName}. */
  public static void register(HealthChecks readiness, HealthChecks liveness, PartiCoordinator coordinator) {
    String name = procedureName(Objects.requireNonNull(coordinator, "coordinator"));
    readiness.register(name, readiness(coordinator));
    liveness.register(name, liveness(coordinator));
  }

  /** The readiness procedure: UP while the assignment runs in contact with NATS. */
  public static Handler<Promise<Status>> readiness(PartiCoordinator coordinator) {
    Objects.requireNonNull(coordinator, "coordinator");
    return promise -> {
      JsonObject details = details(coordinator);
      promise.complete(ready(coordinator) ? Status.OK(details) : Status.KO(details));
    };
  }

  /** The liveness procedure: UP unless the connection was closed for good. */
  public static Handler<Promise<Status>> liveness(PartiCoordinator coordinator) {
    Objects.requireNonNull(coordinator, "coordinator");
    return promise -> {
      JsonObject details = details(coordinator);
      boolean closed = coordinator instanceof PartiCoordinatorImpl && ((PartiCoordinatorImpl) coordinator).connectionClosed();
      promise.complete(closed ? Status.KO(details.put("reason", "the NATS connection was closed for good")) : Status.OK(details));
    };
  }

  /** Runs an assignment in contact with NATS; a leader is in its phases before its own first assignment too. */
  private static boolean ready(PartiCoordinator coordinator) {
    boolean assigned = coordinator instanceof PartiCoordinatorImpl ? ((PartiCoordinatorImpl) coordinator).hasAssignment()
        : coordinator.assignmentVersion() > 0;
    return assigned && READY.contains(coordinator.state());
  }

  private static JsonObject details(PartiCoordinator coordinator) {
    JsonObject details = new JsonObject()
        .put("state", coordinator.state().name())
        .put("workerId", coordinator.workerId())
        .put("leader", coordinator.isLeader())
        .put("owned", coordinator.assignment().size())
        .put("version", coordinator.assignmentVersion());
    if (coordinator instanceof PartiCoordinatorImpl) {
      String reason = ((PartiCoordinatorImpl) coordinator).degradedReason();
      if (reason != null) {
        details.put("degradedReason", reason);
      }
    }
    return details;
  }
}
