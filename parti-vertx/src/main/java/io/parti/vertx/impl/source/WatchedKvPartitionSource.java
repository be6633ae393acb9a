package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.shared.metrics.MeterRegistries;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.env.VertxScheduler;
import io.parti.vertx.impl.kv.Kv;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.kv.NatsKv;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.source.KvPartitionSource;
import io.parti.vertx.source.KvPartitionSourceOptions;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The watched KV partition list. Values are decoded off the event loop (large lists take a while to parse);
 * a decode that completes after a newer one is dropped, so the listener sees the lists in revision order.
 * <p>
 * Each start (one leadership term) begins afresh. A key that was never written is an empty list. A key that was
 * deleted or purged is no list at all: it is reported (log line, metric, exception handler) and nothing is
 * delivered, so the leader keeps assigning the partitions it has (a new leader: those of the current assignment)
 * until a list is written again; write {@code []} to remove every partition.
 */
public final class WatchedKvPartitionSource implements KvPartitionSource, ProtocolSource {


  private final KvPartitionSourceOptions options;
  private final String bucket;
  private final String key;
  private Handler<Throwable> exceptionHandler = e -> { };
  /** The watch of the current start; {@code null} when stopped. */
  private KvWatch watch;

  /** @param options validated options, owned by this source */
  public WatchedKvPartitionSource(KvPartitionSourceOptions options) {
    this.options = options;
    this.bucket = options.getBucket();
    this.key = options.getKey();
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public KvPartitionSource exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  @Override
  public Future<Void> start(Vertx vertx, Connection connection, Consumer<List<Partition>> listener) {
    // Started by the application itself, outside any coordinator: its counters go to Vert.x's (or the global) registry.
    return start(new VertxScheduler(vertx, vertx.getOrCreateContext()), new NatsKv(vertx, connection, options.getOperationTimeout()),
        new PartiMetrics(MeterRegistries.resolve(vertx, null), bucket, System::nanoTime), listener);
  }

  @Override
  public Future<Void> start(Scheduler scheduler, Kv kv, PartiMetrics metrics, Consumer<List<Partition>> listener) {
    return kv.open(bucket, Duration.ZERO, options.getReplicas()).compose(store -> {
      Term term = new Term(scheduler, listener, metrics);
      KvWatch started = store.watch(key, term::onEntry);
      term.watch = started;
      watch = started;
      // A key that was never written is an empty list, not a list still to come: the fleet must not wait on it.
      started.caughtUp().onSuccess(v -> {
        if (!term.seen && watch == started) {
          listener.accept(List.of());
        }
      });
      return Retry.whileUnavailable(scheduler, "watch " + bucket + "/" + key, Retry.STARTUP_DEADLINE_MS,
          () -> watch == started ? started.start() : Future.succeededFuture());
    });
  }

  @Override
  public Future<Void> stop() {
    KvWatch current = watch;
    watch = null;
    return current == null ? Future.succeededFuture() : current.close();
  }

  /** One start's view of the key: what it has seen, and the newest revision it decoded. */
  private final class Term {
    final Scheduler scheduler;
    final Consumer<List<Partition>> listener;
    final PartiMetrics metrics;
    KvWatch watch;
    boolean seen;
    long newestDecoded;

    Term(Scheduler scheduler, Consumer<List<Partition>> listener, PartiMetrics metrics) {
      this.scheduler = scheduler;
      this.listener = listener;
      this.metrics = metrics;
    }

    void onEntry(KvEntry entry) {
      seen = true;
      if (entry.isRemoval()) {
        String message = metrics.ignoredValue(bucket, key, entry.revision(), "the delete of the partition list",
            "keeping the partitions assigned now (write [] to remove every partition)");
        exceptionHandler.handle(new IllegalArgumentException(message));
        return;
      }
      scheduler.offLoop(() -> PartitionListCodec.decode(entry.value())).onComplete(ar -> {
        if (WatchedKvPartitionSource.this.watch != watch || entry.revision() < newestDecoded) {
          return;
        }
        newestDecoded = entry.revision();
        if (ar.succeeded()) {
          listener.accept(ar.result());
        } else {
          String message = metrics.ignoredValue(bucket, key, entry.revision(), "a malformed partition list", ar.cause().getMessage());
          exceptionHandler.handle(new IllegalArgumentException(message, ar.cause()));
        }
      });
    }
  }

}
