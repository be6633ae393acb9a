package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.parti.vertx.statics.StaticSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Core NATS subscriber. When {@code maxPending} messages are held, the jnats dispatcher thread (its own,
 * never a Vert.x thread) waits for a handler to finish, so the backlog stays in the client's buffers,
 * within jnats' pending limits, instead of growing a queue here.
 */
public final class StaticSubscriberImpl extends PartitionConsumer<StaticConsumerOptions> implements StaticSubscriber {

  private static final System.Logger LOG = System.getLogger(StaticSubscriber.class.getName());
  /** How long start() waits for the server to confirm the subscription. */
  private static final Duration SUBSCRIBE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final Semaphore permits;
  private Dispatcher dispatcher;

  public StaticSubscriberImpl(Vertx vertx, Connection connection, StaticConsumerOptions options, StaticMessageHandler handler) {
    super(vertx, connection, new StaticConsumerOptions(options), handler);
    this.permits = new Semaphore(this.options.getMaxPending());
  }

  @Override
  protected Future<Void> startReceiving() {
    return context.executeBlocking(() -> {
      Dispatcher created = connection.createDispatcher(message -> {
        permits.acquire();
        intake.submit(message);
      });
      try {
        created.subscribe(filterSubject);
        // A round trip, so that a message published once start() completed reaches this subscription.
        connection.flush(SUBSCRIBE_FLUSH_TIMEOUT);
      } catch (Exception e) {
        connection.closeDispatcher(created);
        throw e;
      }
      dispatcher = created;
      return null;
    });
  }

  @Override
  protected void completed(Message message, Throwable failure) {
    permits.release();
    if (failure != null) {
      LOG.log(Level.WARNING, () -> "handler failed for a message on " + message.getSubject() + " (partition " + partition
          + "); core NATS will not redeliver it", failure);
    }
  }

  /** Unsubscribes and lets the dispatcher hand over what the client had already buffered. */
  @Override
  protected Future<Void> stopReceiving() {
    return context.<CompletableFuture<Boolean>>executeBlocking(() -> dispatcher.drain(options.getDrainTimeout()))
        .compose(drained -> Future.fromCompletionStage(drained, context))
        .mapEmpty();
  }

  @Override
  protected void abandoned(List<Message> messages) {
    permits.release(messages.size());
    if (!messages.isEmpty()) {
      LOG.log(Level.WARNING, "drain of partition {0} timed out: dropping {1} received message(s) not handled yet",
          partition, messages.size());
    }
  }

  @Override
  protected Future<Void> release() {
    return context.executeBlocking(() -> {
      if (dispatcher != null && dispatcher.isActive()) {
        connection.closeDispatcher(dispatcher);
      }
      return null;
    });
  }
}
