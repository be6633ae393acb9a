package io.parti.vertx.shared.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One partition consumer's meters ({@code parti.consumer.*}, listed in docs/operations.md), registered when it
 * starts and removed when it stops. Every consumer tags them alike ({@code consumer}, {@code stream},
 * {@code durable}, {@code partition}): Prometheus wants one set of label names per meter name. Thread-safe.
 */
public final class ConsumerMeters {

  private final MeterRegistry registry;
  private final Counter handled;
  private final Counter failed;
  private final Counter redelivered;
  private final Counter terminated;
  private final Counter dropped;
  private final Timer handler;
  private final AtomicInteger pending = new AtomicInteger();
  private final List<Meter> meters;

  /**
   * @param consumer the consumer kind: {@code worker}, {@code worker-core}, {@code static-jetstream}, {@code static-core}
   * @param stream   the stream, empty for a core consumer
   * @param durable  the durable, empty for a core consumer
   */
  public ConsumerMeters(MeterRegistry registry, String consumer, String stream, String durable, String partition) {
    this.registry = registry;
    Tags tags = Tags.of("consumer", consumer, "stream", stream, "durable", durable, "partition", partition);
    handled = Counter.builder("parti.consumer.handled").tags(tags).register(registry);
    failed = Counter.builder("parti.consumer.failed").tags(tags).register(registry);
    redelivered = Counter.builder("parti.consumer.redelivered").tags(tags).register(registry);
    terminated = Counter.builder("parti.consumer.terminated").tags(tags).register(registry);
    dropped = Counter.builder("parti.consumer.dropped").tags(tags).register(registry);
    handler = Timer.builder("parti.consumer.handler").tags(tags).register(registry);
    Gauge gauge = Gauge.builder("parti.consumer.pending", pending, AtomicInteger::get).tags(tags).register(registry);
    meters = List.of(handled, failed, redelivered, terminated, dropped, handler, gauge);
  }

  /** A message arrived; {@code redelivery} when the server delivered it before. */
  public void received(boolean redelivery) {
    pending.incrementAndGet();
    if (redelivery) {
      redelivered.increment();
    }
  }

  /** A handler's future completed, {@code nanos} after the handler was called. */
  public void handlerTook(long nanos) {
    handler.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A message's handling is over: acked ({@code failure} null) or failed. */
  public void settled(Throwable failure) {
    pending.decrementAndGet();
    (failure == null ? handled : failed).increment();
  }

  /** Messages received that are given back unhandled (the consumer is stopping). */
  public void givenBack(int messages) {
    pending.addAndGet(-messages);
  }

  /**
   * A message arrived that is not handled: another delivery of one still held here, or of one handled and acked here
   * lately whose ack did not reach the server.
   */
  public void dropped() {
    pending.decrementAndGet();
    dropped.increment();
  }

  /** A message was given up (terminated, dead-lettered first when configured). */
  public void terminated() {
    terminated.increment();
  }

  /** Removes the meters. */
  public void close() {
    meters.forEach(registry::remove);
  }
}
