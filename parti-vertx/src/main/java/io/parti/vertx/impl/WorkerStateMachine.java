package io.parti.vertx.impl;

import io.parti.vertx.WorkerState;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static io.parti.vertx.WorkerState.INIT;

/**
 * A coordinator's current {@link WorkerState}, moved only along the lifecycle's table ({@link WorkerState#next()}).
 * A transition that is not in the table is a bug: it is refused, logged and counted ({@link #invalidTransitions()}),
 * and tests assert that count is zero.
 */
final class WorkerStateMachine {

  private static final System.Logger LOG = System.getLogger(WorkerStateMachine.class.getName());

  private final String name;
  private final BiConsumer<WorkerState, WorkerState> listener;
  private final AtomicLong invalid = new AtomicLong();
  private volatile WorkerState state = INIT;

  /** @param listener called with (from, to) after every transition */
  WorkerStateMachine(String name, BiConsumer<WorkerState, WorkerState> listener) {
    this.name = name;
    this.listener = listener;
  }

  WorkerState state() {
    return state;
  }

  /** Moves to {@code to}; staying in the same state is a no-op. Returns whether the state is now {@code to}. */
  boolean moveTo(WorkerState to) {
    WorkerState from = state;
    if (from == to) {
      return true;
    }
    if (!from.canMoveTo(to)) {
      invalid.incrementAndGet();
      LOG.log(System.Logger.Level.ERROR, name + ": invalid state transition " + from + " -> " + to);
      return false;
    }
    state = to;
    listener.accept(from, to);
    return true;
  }

  /** How many transitions were refused. */
  long invalidTransitions() {
    return invalid.get();
  }
}
