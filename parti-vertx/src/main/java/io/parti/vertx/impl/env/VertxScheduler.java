package io.parti.vertx.impl.env;

import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.concurrent.Callable;

/** A {@link Scheduler} on a Vert.x context: timers that fire on it, its turns, and worker threads for large pure work. */
public final class VertxScheduler implements Scheduler {

  private final Vertx vertx;
  private final ContextInternal context;

  public VertxScheduler(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = (ContextInternal) context;
  }

  @Override
  public double random() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long setTimer(long delayMs, Runnable task) {
    return context.setTimer(Math.max(1, delayMs), id -> task.run());
  }

  @Override
  public long setPeriodic(long periodMs, Runnable task) {
    return context.setPeriodic(Math.max(1, periodMs), id -> task.run());
  }

  @Override
  public void cancelTimer(long id) {
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }

  @Override
  public void runLater(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  @Override
  public <T> Future<T> offLoop(Callable<T> work) {
    return context.executeBlocking(work, false);
  }
}
