package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.Scheduler;

/**
 * What every protocol component of one coordinator shares: the outside world, the options, the metrics, the
 * group's buckets and this process' instance id.
 *
 * @param configuredInstance whether the instance id was configured ({@code instanceId}): a restart of this process
 *                           or a twin may then hold ids under it; one made up for this process never recurs
 */
record Wiring(Environment env, PartiOptions options, PartiMetrics metrics, CoordinatorLog log, Buckets buckets, String instance,
              boolean configuredInstance) {

  Scheduler scheduler() {
    return env.scheduler();
  }

  /** A fresh unique id (a session, a lease nonce). */
  String newId() {
    return env.ids().get();
  }
}
