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

public final class StaticSubscriberImpl extends PartitionConsumer<StaticConsumerOptions> implements StaticSubscriber {

  private static final System.Logger LOG = System.getLogger(StaticSubscriber.class.getName());
  /** How long start() waits for the server to confirm the subscription. */
  private static final Duration SUBSCRIBE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

  public StaticSubscriberImpl(Vertx vertx, Connection connection, StaticConsumerOptions options, StaticMessageHandler handler) {
    super(vertx, connection, new StaticConsumerOptions(options), handler);
  }

  @Override
  protected Future<Dispatcher> subscribe() {
    return context.executeBlocking(() -> {
      Dispatcher dispatcher = connection.createDispatcher(intake::onMessage);
      try {
        dispatcher.subscribe(filterSubject);
        // A round trip, so that a message published once start() completed reaches this subscription.
        connection.flush(SUBSCRIBE_FLUSH_TIMEOUT);
        return dispatcher;
      } catch (Exception e) {
        connection.closeDispatcher(dispatcher);
        throw e;
      }
    });
  }

  @Override
  protected void completed(Message message, Throwable failure) {
    if (failure != null) {
      LOG.log(Level.WARNING, () -> "handler failed for a message on " + message.getSubject() + " (partition " + partition
          + "); core NATS will not redeliver it", failure);
    }
  }

  @Override
  protected Future<Void> stopReceiving() {
    return Future.succeededFuture();
  }

  @Override
  protected void abandoned(List<Message> messages) {
    if (!messages.isEmpty()) {
      LOG.log(Level.WARNING, "drain of partition {0} timed out: dropping {1} received message(s) not handled yet",
          partition, messages.size());
    }
  }
}
