package io.parti.vertx.statics;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/** Waits for a Vert.x future from a test thread (never an event loop). */
final class Sync {

  private Sync() {
  }

  static <T> T sync(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
