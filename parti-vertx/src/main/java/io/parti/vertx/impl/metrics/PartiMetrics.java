package io.parti.vertx.impl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.parti.vertx.WorkerState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * One coordinator's meters, named {@code parti.*} and tagged with the group and the worker id ({@code none} before
 * one is claimed). Every meter it registers is removed by {@link #close()}, so an undeployed coordinator leaves
 * nothing behind and a redeployed one starts afresh. The names are listed in docs/operations.md.
 * <p>
 * Recording methods are called on the coordinator's context; the gauges are read by whoever scrapes the registry,
 * from any thread, and read only volatile fields and the coordinator's thread-safe accessors.
 */
public final class PartiMetrics {

  private static final System.Logger LOG = System.getLogger(PartiMetrics.class.getName());

  private final MeterRegistry registry;
  private final String group;
  private final LongSupplier clock;
  /** Every meter registered, by name and tags: looked up before registering, removed on close. */
  private final Map<Meter.Id, Meter> meters = new ConcurrentHashMap<>();
  private volatile String worker = "none";
  private volatile int workersAlive;
  private volatile int partitionsUnowned;
  private volatile long lastHeartbeatNanos = -1;
  private volatile long degradedSinceNanos = -1;
  private volatile long degradedNanos;
  /** Closed: what still completes afterwards (a drain, a KV answer) records into meters that are removed at once. */
  private volatile boolean closed;

  /** @param clock the coordinator's monotonic clock in nanoseconds, readable from any thread */
  public PartiMetrics(MeterRegistry registry, String group, LongSupplier clock) {
    this.registry = registry;
    this.group = group;
    this.clock = clock;
  }

  /** What the coordinator's gauges read. Thread-safe. */
  public interface View {
    WorkerState state();

    boolean isLeader();

    int owned();

    long assignmentVersion();
  }

  /** The worker id was claimed: the gauges are registered under it (those of a previous id removed). */
  public void workerId(String id, View view) {
    String previous = worker;
    worker = id;
    meters.values().removeIf(m -> {
      // Gauges and the degraded-time function counter read this coordinator under the id it has now.
      boolean gauge = (m instanceof Gauge || m instanceof FunctionCounter) && previous.equals(m.getId().getTag("worker"));
      if (gauge) {
        registry.remove(m);
      }
      return gauge;
    });
    for (WorkerState state : WorkerState.values()) {
      gauge("parti.worker.state", view, v -> v.state() == state ? 1 : 0, "state", state.name());
    }
    gauge("parti.leader", view, v -> v.isLeader() ? 1 : 0);
    gauge("parti.partitions.owned", view, View::owned);
    gauge("parti.assignment.version", view, View::assignmentVersion);
    gauge("parti.workers.alive", this, m -> m.workersAlive);
    gauge("parti.partitions.unowned", this, m -> m.partitionsUnowned);
    track(Gauge.builder("parti.heartbeat.age", this, PartiMetrics::heartbeatAgeSeconds).baseUnit("seconds").tags(tags())
        .strongReference(true).register(registry));
    track(FunctionCounter.builder("parti.degraded.time", this, PartiMetrics::degradedSeconds).baseUnit("seconds")
        .tags(tags()).register(registry));
  }

  /** The leader's view after a change; both 0 on a worker that does not lead. */
  public void leaderView(int alive, int unowned) {
    workersAlive = alive;
    partitionsUnowned = unowned;
  }

  /** An own heartbeat landed. */
  public void heartbeatWritten() {
    lastHeartbeatNanos = clock.getAsLong();
  }

  /** The coordinator's clock, for timing what it records. */
  public long now() {
    return clock.getAsLong();
  }

  /** The worker went {@code DEGRADED} ({@code reason}: disconnected, closed, ...). */
  public void degradedEntered(String reason) {
    counter("parti.degraded.entries", "reason", reason).increment();
    degradedSinceNanos = clock.getAsLong();
  }

  /** The worker left {@code DEGRADED}. */
  public void degradedLeft() {
    long since = degradedSinceNanos;
    if (since >= 0) {
      degradedNanos += clock.getAsLong() - since;
      degradedSinceNanos = -1;
    }
  }

  /** A rebalance (a change to the assignment) settled: every partition granted, {@code nanos} after its cause. */
  public void rebalanced(String reason, long nanos) {
    counter("parti.rebalances", "reason", reason).increment();
    timer("parti.rebalance.duration", "reason", reason).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A moved partition was granted to its new owner {@code nanos} after it was taken from its previous one. */
  public void handedOff(long nanos, boolean afterDeath) {
    timer("parti.handoff.duration").record(nanos, TimeUnit.NANOSECONDS);
    if (afterDeath) {
      timer("parti.failover.duration").record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A partition verticle stopped (or its drain bound passed) {@code nanos} after its gate closed. */
  public void drained(long nanos) {
    timer("parti.partition.drain").record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A partition verticle started {@code nanos} after it was asked to. */
  public void started(long nanos) {
    timer("parti.partition.start").record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A KV operation completed, or failed with an error of {@code errorKind} ({@code null} when it succeeded). */
  public void kvOperation(String operation, long nanos, String errorKind) {
    timer("parti.kv.operation", "operation", operation).record(nanos, TimeUnit.NANOSECONDS);
    if (errorKind != null) {
      counter("parti.kv.errors", "operation", operation, "kind", errorKind).increment();
    }
  }

  /**
   * A value written by someone else that could not be used and was ignored: the one log line (WARNING, naming the
   * bucket, key and revision) and the one counter ({@code parti.kv.ignored.values} by bucket) for every such value.
   *
   * @param what what was ignored ("a malformed heartbeat", "the delete of the partition list")
   * @return the message logged, for a caller that also reports it elsewhere
   */
  public String ignoredValue(String bucket, String key, long revision, String what, String why) {
    counter("parti.kv.ignored.values", "bucket", bucket).increment();
    String message = "ignoring " + what + " at " + bucket + "/" + key + " (revision " + revision + "): " + why;
    LOG.log(System.Logger.Level.WARNING, () -> "[" + group + " " + ("none".equals(worker) ? "-" : worker) + "] " + message);
    return message;
  }

  /** A coordination bucket was found missing while JetStream did not answer. */
  public void bucketMissing(String bucket) {
    counter("parti.kv.buckets.missing", "bucket", bucket).increment();
  }

  /** A coordination bucket found missing after a reconnect (a new server) and created again by this worker. */
  public void bucketRecreated(String bucket) {
    counter("parti.kv.buckets.recreated", "bucket", bucket).increment();
  }

  /** An assignment commit rejected by its revision check. */
  public void commitRejected() {
    counter("parti.assignment.commit.rejected").increment();
  }

  /** A partition verticle whose stop outlived the drain timeout. */
  public void drainTimeout() {
    counter("parti.partition.drain.timeouts").increment();
  }

  /** A partition verticle that failed to deploy. */
  public void deployFailed() {
    counter("parti.partition.deploy.failures").increment();
  }

  /** Removes every meter this coordinator registered. */
  public void close() {
    closed = true;
    meters.values().removeIf(m -> {
      registry.remove(m);
      return true;
    });
  }

  private Tags tags(String... extra) {
    return Tags.of("group", group, "worker", worker).and(extra);
  }

  private Counter counter(String name, String... tags) {
    return track(Counter.builder(name).tags(tags(tags)).register(registry));
  }

  private Timer timer(String name, String... tags) {
    return track(Timer.builder(name).tags(tags(tags)).register(registry));
  }

  private <T> void gauge(String name, T target, ToDoubleFunction<T> value, String... tags) {
    track(Gauge.builder(name, target, value).tags(tags(tags)).strongReference(true).register(registry));
  }

  private <M extends Meter> M track(M meter) {
    if (closed) {
      registry.remove(meter);
    } else {
      meters.putIfAbsent(meter.getId(), meter);
    }
    return meter;
  }

  private static double heartbeatAgeSeconds(PartiMetrics m) {
    long last = m.lastHeartbeatNanos;
    return last < 0 ? Double.NaN : (m.clock.getAsLong() - last) / 1e9;
  }

  private static double degradedSeconds(PartiMetrics m) {
    long since = m.degradedSinceNanos;
    return (m.degradedNanos + (since < 0 ? 0 : m.clock.getAsLong() - since)) / 1e9;
  }
}
