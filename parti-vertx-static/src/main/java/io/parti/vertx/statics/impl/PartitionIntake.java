package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The receiving side shared by the core and JetStream consumers: takes messages from a jnats dispatcher
 * thread, holds at most {@code maxPending} of them, hands them to a {@link KeyedDispatcher} on the
 * consumer's Vert.x context, and drains on stop.
 * <p>
 * When {@code maxPending} messages are held, the jnats dispatcher thread (never a Vert.x thread) waits
 * for a handler to finish: backpressure into the client's own buffers instead of an unbounded queue.
 */
final class PartitionIntake {

  private final Context context;
  private final Semaphore permits;
  private final KeyedDispatcher dispatcher;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();

  PartitionIntake(Context context, StaticConsumerOptions options, SubjectPattern pattern, StaticMessageHandler handler,
                  KeyedDispatcher.Completion completion) {
    this.context = context;
    this.permits = new Semaphore(options.getMaxPending());
    Function<Message, String> keyOf = options.isOrderedByKey() ? keyOf(pattern, options.getRouting().getKeyHeader()) : null;
    this.dispatcher = new KeyedDispatcher(context, options.getMaxConcurrency(), keyOf, handler, (message, failure) -> {
      try {
        completion.completed(message, failure);
      } finally {
        permits.release();
        notifyIfIdle();
      }
    });
  }

  private static Function<Message, String> keyOf(SubjectPattern pattern, String keyHeader) {
    if (pattern.hasKey()) {
      return message -> pattern.keyOf(message.getSubject());
    }
    return message -> message.getHeaders() == null ? null : message.getHeaders().getFirst(keyHeader);
  }

  /** The jnats message handler: runs on the jnats dispatcher thread. */
  void onMessage(Message message) throws InterruptedException {
    permits.acquire();
    context.runOnContext(v -> dispatcher.submit(message));
  }

  /** Messages received and not yet handled. On the context. */
  int held() {
    return dispatcher.held();
  }

  void forEachHeld(Consumer<Message> action) {
    dispatcher.forEachHeld(action);
  }

  /**
   * Drains {@code natsDispatcher} (unsubscribes, then delivers what the client already buffered), then waits
   * until every received message is handled. If {@code timeout} passes first, the messages not started yet
   * go to {@code abandoned} and the future fails with a {@link TimeoutException}. Called on the context.
   */
  Future<Void> drain(Connection connection, Dispatcher natsDispatcher, Duration timeout, Consumer<List<Message>> abandoned) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Future<Boolean> clientDrained = natsDispatcher.isActive()
        ? context.<java.util.concurrent.CompletableFuture<Boolean>>executeBlocking(() -> natsDispatcher.drain(timeout))
          .compose(drained -> Future.fromCompletionStage(drained, context))
        : Future.succeededFuture(true);
    return clientDrained
        .transform(drained -> idle(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))
        .recover(failure -> {
          List<Message> notStarted = dispatcher.removeNotStarted();
          permits.release(notStarted.size());
          abandoned.accept(notStarted);
          return Future.failedFuture(new TimeoutException("drain timed out after " + timeout + " with " + held()
              + " message(s) still being handled and " + notStarted.size() + " not started"));
        })
        .eventually(() -> context.executeBlocking(() -> {
          if (natsDispatcher.isActive()) {
            connection.closeDispatcher(natsDispatcher);
          }
          return null;
        }));
  }

  /** Completes when nothing is held, or fails when {@code timeout} passes first. */
  private Future<Void> idle(Duration timeout) {
    if (held() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    idleWaiters.add(promise);
    long timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id ->
        promise.tryFail(new TimeoutException("still " + held() + " message(s) held")));
    return promise.future().andThen(done -> context.owner().cancelTimer(timer));
  }

  private void notifyIfIdle() {
    if (held() == 0 && !idleWaiters.isEmpty()) {
      List<Promise<Void>> waiters = new ArrayList<>(idleWaiters);
      idleWaiters.clear();
      waiters.forEach(Promise::tryComplete);
    }
  }
}
