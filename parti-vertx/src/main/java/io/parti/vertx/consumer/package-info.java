/**
 * Worker consumers: a handler of NATS messages that runs, per partition, on whichever worker owns the partition now,
 * plugged into a {@link io.parti.vertx.PartiCoordinator} as its partition verticles. See {@link io.parti.vertx.consumer.WorkerConsumer}.
 */
package io.parti.vertx.consumer;
