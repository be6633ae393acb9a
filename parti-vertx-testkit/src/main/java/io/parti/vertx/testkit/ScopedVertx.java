package io.parti.vertx.testkit;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The one Vert.x instance of a test scope, created on first use; closing waits until it has shut down. */
final class ScopedVertx implements AutoCloseable {

  private static final long CLOSE_TIMEOUT_S = 10;
  private Vertx vertx;

  synchronized Vertx get() {
    if (vertx == null) {
      vertx = VertxTestSupport.vertx();
    }
    return vertx;
  }

  @Override
  public synchronized void close() throws TimeoutException {
    if (vertx != null) {
      Vertx closing = vertx;
      vertx = null;
      closing.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }
}
