package io.parti.vertx.statics.impl;

import io.nats.client.Message;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.parti.vertx.statics.SubjectPattern;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The receiving side shared by the core and JetStream consumers: takes messages from a jnats thread,
 * hands them to a {@link KeyedDispatcher} on the consumer's Vert.x context, tells when a message's
 * handling is over, and waits for the held messages to be handled on stop.
 */
final class PartitionIntake {

  private final Context context;
  private final KeyedDispatcher dispatcher;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private Runnable onSettled = () -> { };

  PartitionIntake(Context context, StaticConsumerOptions options, SubjectPattern pattern, StaticMessageHandler handler,
                  KeyedDispatcher.Completion completion) {
    this.context = context;
    Function<Message, String> keyOf = options.isOrderedByKey() ? keyOf(pattern, options.getRouting().getKeyHeader()) : null;
    this.dispatcher = new KeyedDispatcher(context, options.getMaxConcurrency(), keyOf, handler, (message, failure) -> {
      try {
        completion.completed(message, failure);
      } finally {
        settled();
      }
    });
  }

  private static Function<Message, String> keyOf(SubjectPattern pattern, String keyHeader) {
    if (pattern.hasKey()) {
      return message -> pattern.keyOf(message.getSubject());
    }
    return message -> message.getHeaders() == null ? null : message.getHeaders().getFirst(keyHeader);
  }

  /** Takes a message received on any thread; it is dispatched on the context. */
  void submit(Message message) {
    context.runOnContext(v -> dispatcher.submit(message));
  }

  /** Runs after every message whose handling is over (on the context). */
  void onSettled(Runnable listener) {
    this.onSettled = listener;
  }

  /** Messages received and not yet handled. On the context. */
  int held() {
    return dispatcher.held();
  }

  void forEachHeld(Consumer<Message> action) {
    dispatcher.forEachHeld(action);
  }

  /**
   * Completes when every submitted message is handled. If {@code timeout} passes first, the messages not
   * started yet go to {@code abandoned} and the future fails with a {@link TimeoutException}. On the context.
   */
  Future<Void> awaitIdle(Duration timeout, Consumer<List<Message>> abandoned) {
    if (held() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    idleWaiters.add(idle);
    long timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id -> {
      if (idle.future().isComplete()) {
        return;
      }
      List<Message> notStarted = dispatcher.removeNotStarted();
      abandoned.accept(notStarted);
      idle.tryFail(new TimeoutException("drain timed out after " + timeout + " with " + held()
          + " message(s) still being handled and " + notStarted.size() + " not started"));
    });
    return idle.future().andThen(done -> context.owner().cancelTimer(timer));
  }

  private void settled() {
    onSettled.run();
    if (held() == 0 && !idleWaiters.isEmpty()) {
      List<Promise<Void>> waiters = new ArrayList<>(idleWaiters);
      idleWaiters.clear();
      waiters.forEach(Promise::tryComplete);
    }
  }
}
