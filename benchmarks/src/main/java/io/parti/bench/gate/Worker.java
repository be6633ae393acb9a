package io.parti.bench.gate;

import io.nats.client.Connection;
import io.parti.vertx.PartiCoordinator;
import io.vertx.core.Vertx;

import static io.parti.bench.gate.GateFixture.await;

/** A coordinator of the moves phase, with its own Vert.x (one event loop) and connection. */
final class Worker {

  final int index;
  private final Vertx vertx;
  private final Connection connection;
  final PartiCoordinator coordinator;
  volatile String deployment;
  volatile boolean gone;

  Worker(int index, Vertx vertx, Connection connection, PartiCoordinator coordinator) {
    this.index = index;
    this.vertx = vertx;
    this.connection = connection;
    this.coordinator = coordinator;
  }

  /** Leaves gracefully: the coordinator is undeployed (handing its partitions off) before the teardown. */
  void stop() throws Exception {
    gone = true;
    await(vertx.undeploy(deployment));
    close();
  }

  /** Tears down as a crash would: the connection, then Vert.x. */
  void close() throws Exception {
    gone = true;
    connection.close();
    await(vertx.close());
  }
}
