package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * What a test of the KV layer or the protocol parts on a real server needs: a strict Vert.x and a connection made
 * as a coordinator makes it. Closing it fails the test on a blocked-thread warning.
 */
public final class KvTestRig implements AutoCloseable {

  public final Vertx vertx;
  public final Connection connection;

  private KvTestRig(Vertx vertx, Connection connection) {
    this.vertx = vertx;
    this.connection = connection;
  }

  public static KvTestRig open(NatsServer nats) throws Exception {
    VertxTestSupport.clearBlockedThreadWarnings();
    Vertx vertx = VertxTestSupport.vertx();
    return new KvTestRig(vertx, Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build()));
  }

  @Override
  public void close() throws Exception {
    connection.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    VertxTestSupport.assertNoBlockedThreads();
  }
}
