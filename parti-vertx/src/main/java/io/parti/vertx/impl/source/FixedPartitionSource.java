package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.Kv;
import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.source.PartitionSource;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** A partition set that never changes. */
public final class FixedPartitionSource implements PartitionSource, ProtocolSource {

  private final List<Partition> partitions;

  public FixedPartitionSource(Collection<Partition> partitions) {
    Objects.requireNonNull(partitions, "partitions");
    this.partitions = List.copyOf(partitions);
    if (new HashSet<>(this.partitions).size() != this.partitions.size()) {
      throw new IllegalArgumentException("fixed partitions must not repeat a partition: " + partitions);
    }
  }

  @Override
  public Future<Void> start(Vertx vertx, Connection connection, Consumer<List<Partition>> listener) {
    return deliver(listener);
  }

  @Override
  public Future<Void> start(Scheduler scheduler, Kv kv, PartiMetrics metrics, Consumer<List<Partition>> listener) {
    return deliver(listener);
  }

  private Future<Void> deliver(Consumer<List<Partition>> listener) {
    listener.accept(partitions);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
