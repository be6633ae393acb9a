package io.parti.vertx.shared.consumer;

import io.nats.client.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a handler over messages with at most {@code maxConcurrency} handler futures in flight, optionally
 * keeping the messages of each key in arrival order (one at a time per key, keys concurrently).
 * <p>
 * With keys, a failed message may be run again in place ({@link InPlaceRetry}): it keeps its key's place,
 * so the messages behind it wait instead of overtaking it (a NAK would bring it back after them).
 * <p>
 * State is a bounded queue of ready messages plus, per key that has a message in flight, the messages
 * waiting behind it; there is no task or thread per key, and a key's entry goes away when its last message
 * is done. Nothing starts while the {@code gate} says no, nor ever after {@link #close()}. Confined to one Vert.x context: every
 * method runs on it.
 */
public final class KeyedDispatcher {

  /** Told when a message's handling is over: {@code failure} is null on success; {@code failures} counts its failed runs here. */
  public interface Completion {
    void completed(Message message, Throwable failure, int failures);
  }

  /** Whether a message that failed {@code failures} times here runs again in place, and after how many ms (negative: no). */
  public interface InPlaceRetry {
    long delayMs(Message message, int failures);
  }

  private static final class Entry {
    final Message message;
    final String key;
    int failures;
    long retryTimer = -1;

    Entry(Message message, String key) {
      this.message = message;
      this.key = key;
    }
  }

  private final Context context;
  private final int maxConcurrency;
  private final Function<Message, String> keyOf;
  private final BooleanSupplier gate;
  private final Function<Message, Future<?>> handler;
  private final Completion completion;
  private final InPlaceRetry retry;
  private final ArrayDeque<Entry> ready = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Entry>> waitingByKey = new HashMap<>();
  private final Set<Entry> retrying = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Message> held = Collections.newSetFromMap(new IdentityHashMap<>());
  private int running;
  private boolean pumping;
  private boolean closed;

  /**
   * @param keyOf null: no ordering beyond {@code maxConcurrency} (which, at 1, is arrival order)
   * @param gate  asked before each message starts: while false nothing starts (the owner's gate, closing at a move)
   * @param retry null: a failure always completes the message (only used with {@code keyOf})
   */
  public KeyedDispatcher(Context context, int maxConcurrency, Function<Message, String> keyOf, BooleanSupplier gate,
                         Function<Message, Future<?>> handler, Completion completion, InPlaceRetry retry) {
    this.context = context;
    this.maxConcurrency = maxConcurrency;
    this.keyOf = keyOf;
    this.gate = gate;
    this.handler = handler;
    this.completion = completion;
    this.retry = keyOf == null ? null : retry;
  }

  /** Takes a message; {@code false} (and nothing held) once the gate is closed. */
  public boolean submit(Message message) {
    if (closed) {
      return false;
    }
    held.add(message);
    if (keyOf == null) {
      ready.add(new Entry(message, null));
    } else {
      String key = keyOf.apply(message);
      Entry entry = new Entry(message, key == null ? "" : key);
      ArrayDeque<Entry> waiting = waitingByKey.get(entry.key);
      if (waiting != null) {
        waiting.add(entry);
        return true;
      }
      waitingByKey.put(entry.key, new ArrayDeque<>(2));
      ready.add(entry);
    }
    pump();
    return true;
  }

  /** Messages received and not yet completed (running, ready, waiting behind their key or to be retried). */
  public int held() {
    return held.size();
  }

  /** Handlers running now. */
  public int running() {
    return running;
  }

  /** Visits every held message (for example to tell the server they are still being worked on). */
  public void forEachHeld(Consumer<Message> action) {
    held.forEach(action);
  }

  /**
   * Closes the gate: no message starts from now on. Returns the messages that had not started (ready, behind their
   * key, waiting to be retried); they will never be handled nor completed here. Running handlers go on to completion.
   */
  public List<Message> close() {
    closed = true;
    List<Message> removed = new ArrayList<>();
    ready.forEach(e -> removed.add(e.message));
    ready.clear();
    for (Entry e : retrying) {
      context.owner().cancelTimer(e.retryTimer);
      removed.add(e.message);
    }
    retrying.clear();
    for (ArrayDeque<Entry> behind : waitingByKey.values()) {
      behind.forEach(e -> removed.add(e.message));
      behind.clear();
    }
    removed.forEach(held::remove);
    return removed;
  }

  /** Starts ready messages while slots are free; loops instead of recursing when handlers complete at once. */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (running < maxConcurrency && !ready.isEmpty() && !closed && gate.getAsBoolean()) {
        start(ready.poll());
      }
    } finally {
      pumping = false;
    }
  }

  private void start(Entry entry) {
    running++;
    Future<?> result;
    try {
      result = handler.apply(entry.message);
      if (result == null) {
        result = Future.failedFuture(new NullPointerException("the handler returned no future"));
      }
    } catch (Throwable e) {
      // An Error too: left uncaught it would leave the message held (and kept alive) for good.
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      if (Vertx.currentContext() == context) {
        finish(entry, done.cause());
      } else {
        // The handler completed its future on another thread: come back to the owning context.
        context.runOnContext(v -> finish(entry, done.cause()));
      }
    });
  }

  private void finish(Entry entry, Throwable failure) {
    running--;
    if (failure != null) {
      entry.failures++;
    }
    if (failure != null && !closed && retry != null) {
      long delay = retry.delayMs(entry.message, entry.failures);
      if (delay >= 0) {
        retrying.add(entry);
        entry.retryTimer = context.owner().setTimer(Math.max(1, delay), id -> {
          if (retrying.remove(entry)) {
            ready.addFirst(entry);
            pump();
          }
        });
        pump();
        return;
      }
    }
    held.remove(entry.message);
    if (entry.key != null) {
      ArrayDeque<Entry> waiting = waitingByKey.get(entry.key);
      Entry next = waiting == null ? null : waiting.poll();
      if (next != null) {
        ready.add(next);
      } else {
        waitingByKey.remove(entry.key);
      }
    }
    try {
      completion.completed(entry.message, failure, entry.failures);
    } finally {
      pump();
    }
  }
}
