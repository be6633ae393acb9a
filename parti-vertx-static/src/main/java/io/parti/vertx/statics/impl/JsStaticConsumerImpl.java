package io.parti.vertx.statics.impl;

import io.parti.vertx.shared.RetryPolicy;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JetStream consumer of one partition. A fetch loop pulls a batch at a time on a worker thread of its own
 * (the wait for messages never runs on an event loop), streaming each message to the context as it arrives,
 * and asks for the next batch only when a whole batch fits within {@code maxPending}. Stopping lets the
 * fetch in flight end before unsubscribing, so no message the server delivered is left unhandled.
 */
public final class JsStaticConsumerImpl extends PartitionConsumer<JsStaticConsumerOptions> implements JsStaticConsumer {

  private static final System.Logger LOG = System.getLogger(JsStaticConsumer.class.getName());
  private static final AtomicInteger EXECUTORS = new AtomicInteger();
  /** Wait before fetching again after failed fetches (a disconnection, a deleted consumer): up to 5 s, jittered. */
  private static final RetryPolicy FETCH_RETRY = new RetryPolicy(250, 5000, 0.5);
  /** Slack past the fetch expiry before a fetch counts as a blocked worker. */
  private static final Duration FETCH_SLACK = Duration.ofSeconds(10);
  /** Fetches that failed in a row: how long the next wait is. Touched on the consumer's context only. */
  private int failedFetches;

  private final String durable;
  private final NakBackoff backoff;
  private final Promise<Void> fetchLoopEnded = Promise.promise();
  private ConsumerContext consumer;
  private WorkerExecutor fetchThread;
  private long keepAliveTimer = -1;
  private boolean stopping;
  private boolean waitingForRoom;

  public JsStaticConsumerImpl(Vertx vertx, Connection connection, JsStaticConsumerOptions options, StaticMessageHandler handler) {
    super(vertx, connection, new JsStaticConsumerOptions(options), handler);
    this.durable = this.options.durableName(partition);
    this.backoff = new NakBackoff(this.options.getNakDelay(), this.options.getMaxNakDelay());
  }

  @Override
  protected Future<Void> startReceiving() {
    ConsumerConfiguration config = ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(filterSubject)
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(options.getAckWait())
        .maxDeliver(options.getMaxDeliver())
        .maxAckPending(options.getMaxPending())
        .build();
    return context.executeBlocking(() -> connection.getStreamContext(options.getStream()).createOrUpdateConsumer(config))
        .map(created -> {
          consumer = created;
          fetchThread = vertx.createSharedWorkerExecutor("parti-static-fetch-" + durable + "-" + EXECUTORS.incrementAndGet(), 1,
              options.getFetchExpiry().plus(FETCH_SLACK).toMillis(), TimeUnit.MILLISECONDS);
          long period = Math.max(1, options.getAckWait().toMillis() / 3);
          // Held messages (waiting behind their key or running) must not be redelivered meanwhile.
          keepAliveTimer = vertx.setPeriodic(period, period, id -> intake.forEachHeld(Message::inProgress));
          intake.onSettled(this::resumeIfWaitingForRoom);
          fetchNext();
          return null;
        });
  }

  private void fetchNext() {
    if (stopping) {
      fetchLoopEnded.tryComplete();
      return;
    }
    int batch = options.getBatchSize();
    if (options.getMaxPending() - intake.held() < batch) {
      waitingForRoom = true;
      return;
    }
    FetchConsumeOptions fetch = FetchConsumeOptions.builder().maxMessages(batch)
        .expiresIn(options.getFetchExpiry().toMillis()).build();
    fetchThread.executeBlocking(() -> {
      try (FetchConsumer messages = consumer.fetch(fetch)) {
        for (Message m = messages.nextMessage(); m != null; m = messages.nextMessage()) {
          intake.submit(m);
        }
      }
      return null;
    }).onComplete(done -> {
      if (done.succeeded()) {
        failedFetches = 0;
        fetchNext();
      } else {
        long delay = FETCH_RETRY.delayMs(++failedFetches, ThreadLocalRandom.current().nextDouble());
        LOG.log(Level.WARNING, () -> "fetch from " + options.getStream() + "/" + durable + " failed; retrying in "
            + delay + " ms", done.cause());
        vertx.setTimer(delay, id -> fetchNext());
      }
    });
  }

  private void resumeIfWaitingForRoom() {
    if (waitingForRoom && (stopping || options.getMaxPending() - intake.held() >= options.getBatchSize())) {
      waitingForRoom = false;
      fetchNext();
    }
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

  /** No new fetch; the one in flight ends at its expiry at the latest, its messages already handed over. */
  @Override
  protected Future<Void> stopReceiving() {
    stopping = true;
    if (waitingForRoom) {
      waitingForRoom = false;
      fetchLoopEnded.tryComplete();
    }
    return fetchLoopEnded.future();
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
  protected Future<Void> release() {
    vertx.cancelTimer(keepAliveTimer);
    return fetchThread == null ? Future.succeededFuture() : fetchThread.close();
  }

  @Override
  public String durable() {
    return durable;
  }
}
