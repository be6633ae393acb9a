package io.parti.vertx.impl;

import io.parti.vertx.impl.env.Connectivity;
import io.parti.vertx.impl.env.EventSink;
import io.parti.vertx.impl.env.PartitionDeployer;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.env.SourceHost;
import io.parti.vertx.impl.kv.Kv;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * Everything a coordinator's protocol uses of the world outside it. Production wires Vert.x and jnats
 * (built by the coordinator verticle); the deterministic simulation wires a simulated KV store, a virtual clock and
 * simulated verticles, and runs the same protocol code against them.
 *
 * @param scheduler    the coordinator's loop: clock, timers, turns
 * @param kv           the JetStream KV buckets
 * @param connectivity the NATS connection's state
 * @param deployer     the partitions' verticles
 * @param events       the coordinator's events
 * @param ids          unique ids for sessions, lease nonces and instances
 * @param sources      user-written partition sources
 * @param meters       where the coordinator's meters go
 */
public record Environment(Scheduler scheduler, Kv kv, Connectivity connectivity, PartitionDeployer deployer,
                          EventSink events, Supplier<String> ids, SourceHost sources, MeterRegistry meters) {
}
