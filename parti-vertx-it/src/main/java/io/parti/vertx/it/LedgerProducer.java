package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Publishes messages with the ids 0, 1, 2... (the payload, in decimal) at a steady pace on a thread of its own, and
 * tells the {@link MessageLedger} each id the stream acknowledged. A publication that fails (a node killed, a stream
 * leader moving) is tried again under the same {@code Nats-Msg-Id}, so the stream stores each id once however many
 * tries it took: every id is acknowledged in the end, and a message handled twice was delivered twice.
 */
public final class LedgerProducer implements AutoCloseable {

  private static final long RETRY_MS = 250;
  /** Publications awaiting their acknowledgement at most: the pace waits beyond that. */
  private static final int MAX_IN_FLIGHT = 2000;

  private final JetStream jetStream;
  private final LongFunction<String> subjectOf;
  private final MessageLedger ledger;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ledger-producer-retry"));
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * Starts publishing {@code perSecond} messages a second, {@code limit} in all (or until {@link #stop}), the id
   * {@code id} to {@code subjectOf.apply(id)}.
   */
  public LedgerProducer(Connection connection, LongFunction<String> subjectOf, int perSecond, long limit, MessageLedger ledger)
      throws IOException {
    this.jetStream = connection.jetStream();
    this.subjectOf = subjectOf;
    this.ledger = ledger;
    this.thread = daemon(() -> produce(perSecond, limit), "ledger-producer");
    thread.start();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private void produce(int perSecond, long limit) {
    long started = System.nanoTime();
    try {
      for (long id = 0; id < limit && !stopping; id++) {
        // The pace, on the producer's own thread; it also waits out a backlog of unacknowledged publications.
        long wait = started + id * 1_000_000_000L / perSecond - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        while (inFlight.get() >= MAX_IN_FLIGHT && !stopping) {
          TimeUnit.MILLISECONDS.sleep(1);
        }
        inFlight.incrementAndGet();
        publish(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void publish(long id) {
    Headers headers = new Headers().put("Nats-Msg-Id", Long.toString(id));
    try {
      jetStream.publishAsync(subjectOf.apply(id), headers, Long.toString(id).getBytes(StandardCharsets.UTF_8))
          .whenComplete((ack, failure) -> settled(id, ack, failure));
    } catch (RuntimeException e) {
      settled(id, null, e); // closed or reconnecting without a buffer: try again
    }
  }

  private void settled(long id, PublishAck ack, Throwable failure) {
    if (failure == null) {
      ledger.published(id, ack.getSeqno());
      inFlight.decrementAndGet();
    } else {
      retries.schedule(() -> publish(id), RETRY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Waits until the stream acknowledged {@code count} ids. */
  public void awaitPublished(long count, Duration atMost) {
    org.awaitility.Awaitility.await().atMost(atMost).until(() -> ledger.publishedCount() >= count);
  }

  /** Publishes no new id, then waits until every id published so far is acknowledged. */
  public void stop(Duration atMost) throws InterruptedException {
    stopping = true;
    finish(atMost);
  }

  /** Waits until every id up to the limit is published and acknowledged. */
  public void finish(Duration atMost) throws InterruptedException {
    thread.join(atMost.toMillis());
    org.awaitility.Awaitility.await().atMost(atMost).until(() -> !thread.isAlive() && inFlight.get() == 0);
  }

  @Override
  public void close() {
    stopping = true;
    retries.shutdownNow();
  }
}
