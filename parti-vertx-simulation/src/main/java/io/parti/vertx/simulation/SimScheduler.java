package io.parti.vertx.simulation;

import io.parti.vertx.impl.env.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** One simulated process' event loop on the shared virtual clock. */
final class SimScheduler implements Scheduler {

  private static final long MS = 1_000_000;

  private final EventQueue queue;
  private final SimProcess process;
  private final Map<Long, EventQueue.Task> timers = new HashMap<>();
  private long nextId;

  SimScheduler(EventQueue queue, SimProcess process) {
    this.queue = queue;
    this.process = process;
  }

  @Override
  public double random() {
    return process.simulation().random().nextDouble();
  }

  @Override
  public long nanoTime() {
    return queue.now();
  }

  @Override
  public long setTimer(long delayMs, Runnable task) {
    long id = nextId++;
    timers.put(id, queue.after(Math.max(1, delayMs) * MS, process, () -> {
      timers.remove(id);
      task.run();
    }));
    return id;
  }

  @Override
  public long setPeriodic(long periodMs, Runnable task) {
    long id = nextId++;
    schedulePeriodic(id, Math.max(1, periodMs), task);
    return id;
  }

  private void schedulePeriodic(long id, long periodMs, Runnable task) {
    timers.put(id, queue.after(periodMs * MS, process, () -> {
      schedulePeriodic(id, periodMs, task);
      task.run();
    }));
  }

  @Override
  public void cancelTimer(long id) {
    EventQueue.Task task = timers.remove(id);
    if (task != null) {
      task.cancelled = true;
    }
  }

  @Override
  public void runLater(Runnable task) {
    queue.after(0, process, task);
  }

  /** Off-loop work takes a little virtual time on a worker thread, then completes on the loop. */
  @Override
  public <T> Future<T> offLoop(Callable<T> work) {
    Promise<T> promise = Promise.promise();
    queue.after(process.simulation().random().nextLong(MS, 3 * MS), process, () -> {
      try {
        promise.complete(work.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** How many timers are armed: a leak shows as a count that keeps growing. */
  int armedTimers() {
    return timers.size();
  }
}
