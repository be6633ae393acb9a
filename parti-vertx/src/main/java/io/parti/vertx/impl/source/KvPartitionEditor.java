package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.env.VertxScheduler;
import io.parti.vertx.impl.kv.KvBuckets;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.PartiException;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.NatsKvBucket;
import io.parti.vertx.shared.RetryPolicy;
import io.parti.vertx.source.KvPartitionSourceOptions;
import io.parti.vertx.source.PartitionEditor;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/** Read, change, revision-checked write, and again on conflict. */
public final class KvPartitionEditor implements PartitionEditor {

  /** After losing the race to another editor: short, growing, and random, so the racers fall out of step. */
  private static final RetryPolicy CONFLICT_RETRY = new RetryPolicy(5, 200, 0.9);

  private final Vertx vertx;
  private final Connection connection;
  private final String bucket;
  private final String key;
  private final Duration timeout;
  private final int maxAttempts;
  private Future<NatsKvBucket> store;

  private final int replicas;

  /** @param options validated options */
  public KvPartitionEditor(Vertx vertx, Connection connection, KvPartitionSourceOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.bucket = options.getBucket();
    this.key = options.getKey();
    this.timeout = options.getOperationTimeout();
    this.maxAttempts = options.getMaxEditAttempts();
    this.replicas = options.getReplicas();
  }

  @Override
  public Future<List<Partition>> get() {
    return store().compose(kv -> kv.get(key)).map(KvPartitionEditor::decode);
  }

  @Override
  public Future<List<Partition>> add(Collection<Partition> partitions) {
    List<Partition> added = List.copyOf(partitions);
    return modify(current -> {
      Map<Partition, Partition> merged = new LinkedHashMap<>();
      current.forEach(p -> merged.put(p, p));
      added.forEach(p -> merged.put(p, p));
      return new ArrayList<>(merged.values());
    });
  }

  @Override
  public Future<List<Partition>> remove(Collection<Partition> partitions) {
    Set<Partition> removed = new HashSet<>(partitions);
    return modify(current -> {
      List<Partition> kept = new ArrayList<>(current);
      kept.removeIf(removed::contains);
      return kept;
    });
  }

  @Override
  public Future<List<Partition>> modify(UnaryOperator<List<Partition>> change) {
    return store().compose(kv -> attempt(kv, change, 1));
  }

  private Future<List<Partition>> attempt(KvBucket kv, UnaryOperator<List<Partition>> change, int attempt) {
    // A read is safe to ask again while NATS cannot answer yet (a bucket another editor is still creating); a write
    // that got no answer is not: it may have landed, and the caller must re-read.
    Scheduler scheduler = new VertxScheduler(vertx, vertx.getOrCreateContext());
    return Retry.whileUnavailable(scheduler, "read " + bucket + "/" + key, 3 * timeout.toMillis(), () -> kv.get(key)).compose(entry -> {
      List<Partition> next = List.copyOf(change.apply(decode(entry)));
      byte[] value = PartitionListCodec.encode(next);
      Future<Long> write = entry == null ? kv.create(key, value) : kv.update(key, value, entry.revision());
      return write.map(rev -> next);
    }).recover(error -> {
      if (!(error instanceof PartiException.Conflict) || attempt >= maxAttempts) {
        return Future.failedFuture(error instanceof PartiException.Conflict
            ? new PartiException.Conflict("partition list " + bucket + "/" + key + " still changing after " + attempt + " attempts", error)
            : error);
      }
      // Someone else changed the list between our read and our write: read again, after a short random pause.
      Promise<List<Partition>> retried = Promise.promise();
      vertx.setTimer(CONFLICT_RETRY.delayMs(attempt, ThreadLocalRandom.current().nextDouble()),
          t -> attempt(kv, change, attempt + 1).onComplete(retried));
      return retried.future();
    });
  }

  private static List<Partition> decode(KvEntry entry) {
    return entry == null ? List.of() : PartitionListCodec.decode(entry.value());
  }

  private synchronized Future<NatsKvBucket> store() {
    if (store == null || store.failed()) {
      store = KvBuckets.open(vertx, connection, bucket, Duration.ZERO, replicas, 1, timeout);
    }
    return store;
  }
}
