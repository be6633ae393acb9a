package io.parti.vertx.shared.consumer;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Core NATS consumer of one partition's subject: at most once. When {@code maxPending} messages are held, the jnats
 * dispatcher thread (its own, never a Vert.x thread) waits for a handler to finish, so the backlog stays in the
 * client's buffers, within jnats' pending limits, instead of growing a queue here. A failed handler is logged; a
 * message not handled at a stop is dropped (core NATS cannot redeliver it), and counted in the log.
 */
public final class CoreEngine extends PartitionEngine {

  private static final System.Logger LOG = System.getLogger(CoreEngine.class.getName());
  /** How long start() waits for the server to confirm the subscription. */
  private static final Duration SUBSCRIBE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final Connection connection;
  private final String subject;
  private final String name;
  private final Semaphore permits;
  private final boolean handleBufferedOnStop;
  private Dispatcher subscription;

  /**
   * @param subject    the subject (a filter) to subscribe to
   * @param maxPending messages received and not handled at most
   * @param name       how logs name this consumer ({@code "partition 3"})
   * @param handleBufferedOnStop whether a stop handles what was received before closing the gate (a static consumer
   *                   shutting down), or closes it at once and drops the rest (a partition moving to another owner)
   */
  public CoreEngine(Vertx vertx, Connection connection, String subject, int maxPending, String name,
                    boolean handleBufferedOnStop, Dispatch dispatch, Function<Message, Future<?>> handler) {
    super(vertx, dispatch, handler);
    this.handleBufferedOnStop = handleBufferedOnStop;
    this.connection = connection;
    this.subject = subject;
    this.name = name;
    this.permits = new Semaphore(maxPending);
  }

  @Override
  protected Future<Void> startReceiving() {
    return context.executeBlocking(() -> {
      Dispatcher created = connection.createDispatcher(message -> {
        permits.acquire();
        deliver(message);
      });
      try {
        created.subscribe(subject);
        // A round trip, so that a message published once start() completed reaches this subscription.
        Flushes.serialized(connection, () -> {
          connection.flush(SUBSCRIBE_FLUSH_TIMEOUT);
          return null;
        });
      } catch (Exception e) {
        connection.closeDispatcher(created);
        throw e;
      }
      subscription = created;
      return null;
    });
  }

  @Override
  protected StopMode stopMode() {
    return handleBufferedOnStop ? StopMode.HANDLE_THEM : StopMode.GIVE_BACK_AT_ONCE;
  }

  @Override
  protected String[] meterScope() {
    return new String[] {"", ""};
  }

  @Override
  protected void completed(Message message, Throwable failure, int failures) {
    permits.release();
    if (failure != null) {
      LOG.log(Level.WARNING, () -> "handler failed for a message on " + message.getSubject() + " (" + name
          + "); core NATS will not redeliver it", failure);
    }
  }

  @Override
  protected void rejected(List<Message> messages) {
    permits.release(messages.size());
    LOG.log(Level.WARNING, "{0} stopped with {1} received message(s) not handled: core NATS drops them", name, messages.size());
  }

  /** Unsubscribes; the dispatcher hands over what the client had already buffered (and the closed gate drops it). */
  @Override
  protected Future<Void> stopReceiving() {
    return context.<CompletableFuture<Boolean>>executeBlocking(() -> Flushes.serialized(connection,
            () -> subscription.drain(dispatch.drainTimeout()))) // its unsubscribe is flushed in the call
        .compose(drained -> Future.fromCompletionStage(drained, context))
        .mapEmpty();
  }

  @Override
  protected Future<Void> release() {
    return context.executeBlocking(() -> {
      if (subscription != null && subscription.isActive()) {
        connection.closeDispatcher(subscription);
      }
      return null;
    });
  }
}
