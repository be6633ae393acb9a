/**
 * parti-vertx: work partitioning across a dynamic set of Vert.x worker processes, coordinated through NATS
 * JetStream KV. The API is {@code io.parti.vertx} and its {@code source} and {@code strategy} packages; everything
 * under {@code io.parti.vertx.impl} is the implementation and is not exported.
 */
module io.parti.vertx {
  requires transitive io.vertx.core;
  requires transitive io.nats.jnats;
  requires transitive micrometer.core;
  requires transitive io.vertx.healthcheck;
  requires com.fasterxml.jackson.core;
  requires zero.allocation.hashing;
  requires io.parti.vertx.shared;

  exports io.parti.vertx;
  exports io.parti.vertx.source;
  exports io.parti.vertx.strategy;
  exports io.parti.vertx.consumer;
  exports io.parti.vertx.health;
}
