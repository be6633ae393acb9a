package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.PartiMetrics;
import io.parti.vertx.impl.kv.KvBuckets;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.source.KvPartitionSource;
import io.nats.client.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The watched KV partition list. Values are decoded on a worker thread, in order: large lists take a while to parse. */
public final class WatchedKvPartitionSource implements KvPartitionSource {

  private static final System.Logger LOG = System.getLogger(WatchedKvPartitionSource.class.getName());

  private final String bucket;
  private final String key;
  private Handler<Throwable> exceptionHandler = e -> { };
  private KvWatch watch;
  private boolean seen;
  private boolean delivered;

  public WatchedKvPartitionSource(String bucket, String key) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.key = Objects.requireNonNull(key, "key");
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
    Context context = vertx.getOrCreateContext();
    PartiMetrics metrics = new PartiMetrics(bucket);
    return KvBuckets.open(vertx, connection, bucket, Duration.ZERO, 1, 1, Duration.ofSeconds(2)).compose(store -> {
      KvWatch started = new KvWatch(store, key, context, entry -> {
        seen = true;
        onEntry(vertx, entry, listener, metrics);
      });
      watch = started;
      // A key that was never written is an empty list, not a list still to come: the fleet must not wait on it.
      started.caughtUp().onSuccess(v -> {
        if (!seen && watch == started) {
          listener.accept(List.of());
        }
      });
      return started.start();
    });
  }

  @Override
  public Future<Void> stop() {
    KvWatch current = watch;
    watch = null;
    return current == null ? Future.succeededFuture() : current.close();
  }

  private void onEntry(Vertx vertx, KvEntry entry, Consumer<List<Partition>> listener, PartiMetrics metrics) {
    KvWatch current = watch;
    if (entry.isRemoval()) {
      if (!delivered) {
        listener.accept(List.of()); // deleted before this leader read any list: there is none to keep
      }
      reject(new IllegalArgumentException("partition list " + bucket + "/" + key
          + " was deleted; keeping the last list (write [] to remove every partition)"), metrics);
      return;
    }
    vertx.executeBlocking(() -> PartitionListCodec.decode(entry.value()), true).onComplete(ar -> {
      if (watch != current) {
        return;
      }
      if (ar.succeeded()) {
        delivered = true;
        listener.accept(ar.result());
      } else {
        reject(new IllegalArgumentException("ignoring partition list " + bucket + "/" + key + " (revision "
            + entry.revision() + "): " + ar.cause().getMessage(), ar.cause()), metrics);
      }
    });
  }

  private void reject(IllegalArgumentException error, PartiMetrics metrics) {
    metrics.ignoredValue(bucket);
    LOG.log(System.Logger.Level.WARNING, error.getMessage());
    exceptionHandler.handle(error);
  }
}
