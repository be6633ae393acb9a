/**
 * parti-vertx: shards work across a changing set of Vert.x worker processes, coordinated through NATS
 * JetStream KV. Start with {@link io.parti.vertx.PartiCoordinator}.
 */
package io.parti.vertx;
