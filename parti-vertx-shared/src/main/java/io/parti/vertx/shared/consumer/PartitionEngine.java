package io.parti.vertx.shared.consumer;

import io.nats.client.Message;
import io.parti.vertx.shared.metrics.ConsumerMeters;
import io.parti.vertx.shared.metrics.MeterRegistries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The life cycle every consumer of one partition shares, whatever receives its messages: start receiving into a
 * {@link KeyedDispatcher} on the caller's context; on stop, close the gate (nothing starts any more), stop receiving,
 * give back the messages that had not started or arrived meanwhile, and wait for the running handlers, bounded by the
 * drain timeout, then release what receiving used. A consumer that cannot give messages back
 * ({@link StopMode#HANDLE_THEM}) stops receiving first and handles what it received before closing the gate.
 * <p>
 * Every step runs on the consumer's context, whichever thread calls {@link #start()} or {@link #stop()}. A stop
 * before the start is final: the start then fails, so no consumer is ever left running that nobody can stop.
 */
public abstract class PartitionEngine {

  protected final Vertx vertx;
  protected final Dispatch dispatch;
  private final Function<Message, Future<?>> handler;
  protected Context context;
  protected KeyedDispatcher dispatcher;
  /** Registered at the start, removed once the stop is through. */
  protected ConsumerMeters meters;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  /** Messages received and not yet taken by the context, and whether a task to take them is scheduled. */
  private final Queue<Message> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inboxScheduled = new AtomicBoolean();
  private Future<Void> started;
  private Future<Void> stopped;
  /** While a stop waits for receiving to end: the messages the closed gate kept from starting, to give back then. */
  private List<Message> notHandled;

  /**
   * How messages are dispatched to the handler: {@code keyOf} null for no key order; {@code gate} is checked before
   * each message starts (false: it waits, and is given back at the stop), and {@code drainTimeout} bounds how long a
   * stop waits for running handlers. {@code consumer} (the kind: {@code worker}, {@code static-core}, ...) and
   * {@code partition} tag the consumer's meters.
   */
  public record Dispatch(int maxConcurrency, Function<Message, String> keyOf, BooleanSupplier gate, Duration drainTimeout,
                         String consumer, String partition) {
  }

  protected PartitionEngine(Vertx vertx, Dispatch dispatch, Function<Message, Future<?>> handler) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Starts handing messages to {@link #deliver}; on the context. A throw fails the start. */
  protected abstract Future<Void> startReceiving() throws Exception;

  /** A message's handling is over ({@code failure} null on success, {@code failures} its failed runs here); on the context. */
  protected abstract void completed(Message message, Throwable failure, int failures);

  /** Messages received that will not be handled here (the gate closed first); on the context. */
  protected abstract void rejected(List<Message> messages);

  /** Stops receiving; completes once no more messages will reach {@link #deliver}. On the context. */
  protected abstract Future<Void> stopReceiving();

  /** Frees what receiving used, after the drain; on the context. */
  protected abstract Future<Void> release();

  /** The stream and the durable this consumer reads, for its meters' tags (empty for a core consumer). */
  protected abstract String[] meterScope();

  /**
   * Whether a message received on the context is taken: false when the engine disposed of it itself (a JetStream
   * consumer: another delivery of one it still holds, settled through the delivery held, or of one it handled and
   * acked lately, acked again). Called once per message.
   */
  protected boolean admit(Message message) {
    return true;
  }

  /** Whether (and when) a failed message runs again in place, keeping its key's place; null for never. */
  protected KeyedDispatcher.InPlaceRetry inPlaceRetry() {
    return null;
  }

  public final synchronized Future<Void> start() {
    if (stopped != null) {
      return Future.failedFuture(new IllegalStateException("consumer was stopped; create a new one to consume again"));
    }
    if (started != null) {
      return Future.failedFuture(new IllegalStateException("consumer was already started"));
    }
    context = vertx.getOrCreateContext();
    String[] scope = meterScope();
    meters = new ConsumerMeters(MeterRegistries.resolve(vertx, null), dispatch.consumer(), scope[0], scope[1], dispatch.partition());
    dispatcher = new KeyedDispatcher(context, dispatch.maxConcurrency(), dispatch.keyOf(), dispatch.gate(), timed(handler),
        (message, failure, failures) -> {
          meters.settled(failure);
          try {
            completed(message, failure, failures);
          } finally {
            leftConsumer();
          }
        }, inPlaceRetry());
    Promise<Void> promise = Promise.promise();
    started = promise.future();
    context.runOnContext(v -> {
      try {
        startReceiving().onComplete(promise);
      } catch (Throwable e) {
        promise.tryFail(e);
      }
    });
    return started;
  }

  /** Idempotent; see the class comment. */
  public final synchronized Future<Void> stop() {
    if (stopped == null) {
      if (started == null) {
        stopped = Future.succeededFuture();
      } else {
        Promise<Void> promise = Promise.promise();
        stopped = promise.future();
        context.runOnContext(v -> started.transform(start -> start.failed() ? release() : drainThenRelease())
            .andThen(ar -> meters.close()).onComplete(promise));
      }
    }
    return stopped;
  }

  /**
   * Takes a message received on any thread; it is dispatched (or, once the gate closed, given back) on the context.
   * Messages that arrive while the context has not taken the previous ones yet go over together, in one task.
   */
  protected final void deliver(Message message) {
    meters.received(message.isJetStream() && Deliveries.count(message) > 1);
    inbox.add(message);
    if (inboxScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> takeInbox());
    }
  }

  private void takeInbox() {
    inboxScheduled.set(false); // before polling: a message added from now on schedules another task
    for (Message message = inbox.poll(); message != null; message = inbox.poll()) {
      if (!admit(message)) {
        meters.dropped();
        continue;
      }
      if (dispatcher.submit(message)) {
        continue;
      }
      if (notHandled != null) {
        notHandled.add(message); // given back once receiving stopped
      } else {
        giveBack(List.of(message));
      }
    }
  }

  /** What a stop does with the messages received and not started. */
  protected enum StopMode {
    /**
     * Closes the gate and gives them back once receiving stopped (JetStream: given back earlier, a message would be
     * redelivered at once to the pull request still open here, and bounce between us and the server until it ends).
     */
    GIVE_BACK_WHEN_RECEIVING_STOPPED,
    /** Closes the gate and gives them back at once: giving them back frees room for what is still arriving. */
    GIVE_BACK_AT_ONCE,
    /** Stops receiving and handles them; the gate closes only past the drain timeout (nothing can be given back). */
    HANDLE_THEM
  }

  /** How this consumer stops; see {@link StopMode}. */
  protected abstract StopMode stopMode();

  private Future<Void> drainThenRelease() {
    // One bound for the whole drain, from the moment the stop began: not one for receiving and another for handlers.
    long deadline = System.nanoTime() + dispatch.drainTimeout().toNanos();
    StopMode mode = stopMode();
    if (mode == StopMode.HANDLE_THEM) {
      return stopReceiving().transform(v -> awaitIdle(deadline))
          .onFailure(timedOut -> giveBack(dispatcher.close()))
          .eventually(this::release);
    }
    List<Message> notStarted = dispatcher.close();
    if (mode == StopMode.GIVE_BACK_AT_ONCE) {
      giveBack(notStarted);
    } else {
      notHandled = new ArrayList<>(notStarted);
    }
    return stopReceiving().transform(stopped -> {
      if (notHandled != null) {
        List<Message> back = notHandled;
        notHandled = null;
        giveBack(back);
      }
      return awaitIdle(deadline);
    }).eventually(this::release);
  }

  private void giveBack(List<Message> messages) {
    if (!messages.isEmpty()) {
      meters.givenBack(messages.size());
      rejected(messages);
    }
  }

  /** The handler, with the time from its call to its future's completion recorded. */
  private Function<Message, Future<?>> timed(Function<Message, Future<?>> handler) {
    return message -> {
      long called = System.nanoTime();
      Future<?> handled = handler.apply(message);
      handled.onComplete(done -> meters.handlerTook(System.nanoTime() - called)); // a listener, not another future
      return handled;
    };
  }

  /** Visits every message received and not settled: held by the dispatcher, or not taken by the context yet. */
  protected final void forEachUnsettled(java.util.function.Consumer<Message> action) {
    dispatcher.forEachHeld(action);
    inbox.forEach(action);
  }

  /** Completes when no handler runs; fails at the deadline (the handlers still running then are left to finish). */
  private Future<Void> awaitIdle(long deadline) {
    if (dispatcher.held() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    idleWaiters.add(idle);
    Duration timeout = dispatch.drainTimeout();
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    long timer = vertx.setTimer(Math.max(1, left), id -> idle.tryFail(new TimeoutException(
        "drain timed out after " + timeout + " with " + dispatcher.held() + " handler(s) still running")));
    return idle.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private void leftConsumer() {
    if (dispatcher.held() == 0 && !idleWaiters.isEmpty()) {
      List<Promise<Void>> waiters = new ArrayList<>(idleWaiters);
      idleWaiters.clear();
      waiters.forEach(Promise::tryComplete);
    }
  }
}
