package io.parti.vertx.statics.impl;

import io.nats.client.Message;
import io.parti.vertx.statics.StaticMessageHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a handler over messages with at most {@code maxConcurrency} handler futures in flight, optionally
 * keeping the messages of each key in arrival order (one at a time per key, keys concurrently).
 * <p>
 * State is a bounded queue of started-or-ready messages plus, per key that has a message in flight,
 * the messages waiting behind it; there is no task or thread per key, and a key's entry goes away
 * when its last message is done. Confined to one Vert.x context: every method runs on it.
 */
final class KeyedDispatcher {

  /** Told when a message's handling is over; {@code failure} is null on success. */
  interface Completion {
    void completed(Message message, Throwable failure);
  }

  private record Entry(Message message, String key) {
  }

  private final Context context;
  private final int maxConcurrency;
  private final Function<Message, String> keyOf;
  private final StaticMessageHandler handler;
  private final Completion completion;
  private final ArrayDeque<Entry> ready = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Entry>> waitingByKey = new HashMap<>();
  private final Set<Message> held = Collections.newSetFromMap(new IdentityHashMap<>());
  private int running;
  private boolean pumping;

  /** {@code keyOf} null: no ordering beyond {@code maxConcurrency} (which, at 1, is arrival order). */
  KeyedDispatcher(Context context, int maxConcurrency, Function<Message, String> keyOf, StaticMessageHandler handler,
                  Completion completion) {
    this.context = context;
    this.maxConcurrency = maxConcurrency;
    this.keyOf = keyOf;
    this.handler = handler;
    this.completion = completion;
  }

  void submit(Message message) {
    held.add(message);
    if (keyOf == null) {
      ready.add(new Entry(message, null));
    } else {
      String key = keyOf.apply(message);
      Entry entry = new Entry(message, key == null ? "" : key);
      ArrayDeque<Entry> waiting = waitingByKey.get(entry.key());
      if (waiting != null) {
        waiting.add(entry);
        return;
      }
      waitingByKey.put(entry.key(), new ArrayDeque<>(2));
      ready.add(entry);
    }
    pump();
  }

  /** Messages received and not yet completed (running, ready or waiting behind their key). */
  int held() {
    return held.size();
  }

  /** Visits every held message (for example to tell the server they are still being worked on). */
  void forEachHeld(Consumer<Message> action) {
    held.forEach(action);
  }

  /** Removes and returns every message not started yet; they will never be handled nor completed. */
  List<Message> removeNotStarted() {
    List<Message> removed = new ArrayList<>();
    for (Entry head : ready) {
      removed.add(head.message());
      ArrayDeque<Entry> behind = head.key() == null ? null : waitingByKey.remove(head.key());
      if (behind != null) {
        behind.forEach(e -> removed.add(e.message()));
      }
    }
    ready.clear();
    for (ArrayDeque<Entry> behindRunning : waitingByKey.values()) {
      behindRunning.forEach(e -> removed.add(e.message()));
      behindRunning.clear();
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
      while (running < maxConcurrency && !ready.isEmpty()) {
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
      result = handler.handle(entry.message());
      if (result == null) {
        result = Future.failedFuture(new NullPointerException("the handler returned no future"));
      }
    } catch (RuntimeException e) {
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
    held.remove(entry.message());
    if (entry.key() != null) {
      ArrayDeque<Entry> waiting = waitingByKey.get(entry.key());
      Entry next = waiting == null ? null : waiting.poll();
      if (next != null) {
        ready.add(next);
      } else {
        waitingByKey.remove(entry.key());
      }
    }
    try {
      completion.completed(entry.message(), failure);
    } finally {
      pump();
    }
  }
}
