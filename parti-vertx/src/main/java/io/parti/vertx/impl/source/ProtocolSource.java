package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.Kv;
import io.parti.vertx.impl.metrics.PartiMetrics;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Consumer;

/**
 * A partition source of this library's own, started on the coordinator's seams rather than on the real Vert.x
 * and connection: it runs unchanged in the deterministic simulation.
 */
public interface ProtocolSource {

  /** Starts delivering the partition set to {@code listener} on the scheduler's loop; what it ignores counts in {@code metrics}. */
  Future<Void> start(Scheduler scheduler, Kv kv, PartiMetrics metrics, Consumer<List<Partition>> listener);
}
