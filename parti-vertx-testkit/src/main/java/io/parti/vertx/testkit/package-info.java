/**
 * JUnit 5 support for testing against real {@code nats-server} processes on loopback: a single JetStream server
 * ({@link io.parti.vertx.testkit.NatsServer}), a cluster ({@link io.parti.vertx.testkit.NatsCluster}), a TCP fault
 * proxy ({@link io.parti.vertx.testkit.FaultProxy}), and strict Vert.x instances that fail a test when it blocks
 * an event loop ({@link io.parti.vertx.testkit.VertxTestSupport}).
 */
package io.parti.vertx.testkit;
