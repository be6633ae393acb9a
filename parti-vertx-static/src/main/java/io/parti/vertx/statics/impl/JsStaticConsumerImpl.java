package io.parti.vertx.statics.impl;

import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

public final class JsStaticConsumerImpl extends PartitionConsumer<JsStaticConsumerOptions> implements JsStaticConsumer {

  private static final System.Logger LOG = System.getLogger(JsStaticConsumer.class.getName());
  /** How often stop() looks whether the last pull request has ended. */
  private static final long FINISHED_POLL_MS = 20;

  private final String durable;
  private final NakBackoff backoff;
  private MessageConsumer messageConsumer;
  private long keepAliveTimer = -1;

  public JsStaticConsumerImpl(Vertx vertx, Connection connection, JsStaticConsumerOptions options, StaticMessageHandler handler) {
    super(vertx, connection, new JsStaticConsumerOptions(options), handler);
    this.durable = this.options.durableName(partition);
    this.backoff = new NakBackoff(this.options.getNakDelay(), this.options.getMaxNakDelay());
  }

  @Override
  protected Future<Dispatcher> subscribe() {
    ConsumerConfiguration config = ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(filterSubject)
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(options.getAckWait())
        .maxDeliver(options.getMaxDeliver())
        .maxAckPending(options.getMaxPending())
        .build();
    ConsumeOptions consume = ConsumeOptions.builder()
        .batchSize(options.getBatchSize())
        .expiresIn(options.getFetchExpiry().toMillis())
        .build();
    return context.executeBlocking(() -> {
      ConsumerContext consumer = connection.getStreamContext(options.getStream()).createOrUpdateConsumer(config);
      Dispatcher dispatcher = connection.createDispatcher();
      try {
        messageConsumer = consumer.consume(consume, dispatcher, intake::onMessage);
        return dispatcher;
      } catch (Exception e) {
        connection.closeDispatcher(dispatcher);
        throw e;
      }
    }).onSuccess(dispatcher -> {
      long period = Math.max(1, options.getAckWait().toMillis() / 3);
      keepAliveTimer = vertx.setPeriodic(period, period, id -> intake.forEachHeld(Message::inProgress));
    });
  }

  @Override
  protected void completed(Message message, Throwable failure) {
    try {
      if (failure == null) {
        message.ack();
        return;
      }
      long deliveries = message.metaData().deliveredCount();
      if (deliveries >= options.getMaxDeliver()) {
        LOG.log(Level.WARNING, () -> "handler failed on delivery " + deliveries + " of " + options.getMaxDeliver()
            + " of a message on " + message.getSubject() + "; terminating it", failure);
        message.term();
      } else {
        Duration delay = backoff.delay(deliveries);
        LOG.log(Level.DEBUG, () -> "handler failed on delivery " + deliveries + " of a message on " + message.getSubject()
            + "; redelivery in " + delay, failure);
        message.nakWithDelay(delay);
      }
    } catch (RuntimeException e) {
      // The connection is closed or closing: the server redelivers after ackWait.
      LOG.log(Level.WARNING, () -> "could not acknowledge a message on " + message.getSubject(), e);
    }
  }

  @Override
  protected Future<Void> stopReceiving() {
    vertx.cancelTimer(keepAliveTimer);
    messageConsumer.stop();
    // The pull request in flight may still deliver messages until it ends, at the latest at its expiry.
    Promise<Void> finished = Promise.promise();
    long deadline = System.nanoTime() + options.getFetchExpiry().plusSeconds(1).toNanos();
    pollFinished(finished, deadline);
    return finished.future();
  }

  private void pollFinished(Promise<Void> finished, long deadline) {
    if (messageConsumer.isFinished() || System.nanoTime() - deadline > 0) {
      finished.complete();
    } else {
      vertx.setTimer(FINISHED_POLL_MS, id -> pollFinished(finished, deadline));
    }
  }

  @Override
  protected void abandoned(List<Message> messages) {
    messages.forEach(Message::nak);
    if (!messages.isEmpty()) {
      LOG.log(Level.WARNING, "drain of partition {0} timed out: NAKed {1} message(s) not handled yet for redelivery",
          partition, messages.size());
    }
  }

  @Override
  public String durable() {
    return durable;
  }
}
