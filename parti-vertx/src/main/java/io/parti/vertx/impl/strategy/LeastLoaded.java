package io.parti.vertx.impl.strategy;

import java.util.PriorityQueue;

/** Hands each partition to the least loaded worker, lowest worker index on ties. */
final class LeastLoaded {

  private final PriorityQueue<WorkerLoad> queue;

  LeastLoaded(WorkerLoad[] loads) {
    queue = new PriorityQueue<>(loads.length, WorkerLoad.LEAST_LOADED_FIRST);
    for (WorkerLoad load : loads) {
      queue.add(load);
    }
  }

  /** Places partitions given in descending canonical order; call {@link #done} after the last. */
  void add(Item item) {
    WorkerLoad least = queue.poll();
    least.addPlacedDescending(item);
    queue.add(least);
  }

  void done() {
    for (WorkerLoad load : queue) {
      load.placingDone();
    }
  }
}
