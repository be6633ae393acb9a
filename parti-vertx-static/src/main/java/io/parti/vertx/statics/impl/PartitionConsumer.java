package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.parti.vertx.statics.StatefulSets;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.parti.vertx.statics.SubjectPattern;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Objects;

/**
 * The life cycle both consumers share: resolve the partition, start receiving into a
 * {@link PartitionIntake}, and on stop: stop receiving, wait until what was received is handled, release.
 * Subclasses say how to receive, what to do when a message's handling is over, and how to stop.
 */
abstract class PartitionConsumer<O extends StaticConsumerOptions> {

  protected final Vertx vertx;
  protected final Connection connection;
  /** A private copy, validated. */
  protected final O options;
  protected final int partition;
  protected final SubjectPattern pattern;
  protected final String filterSubject;
  private final StaticMessageHandler handler;
  protected Context context;
  protected PartitionIntake intake;
  private Future<Void> started;
  private Future<Void> stopped;

  PartitionConsumer(Vertx vertx, Connection connection, O options, StaticMessageHandler handler) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.handler = Objects.requireNonNull(handler, "handler");
    options.validate();
    this.options = options;
    int partitions = options.getRouting().getPartitions();
    this.partition = options.getPartition() >= 0 ? options.getPartition() : StatefulSets.partitionIndex(partitions);
    this.pattern = SubjectPattern.create(options.getRouting().getSubjectPattern(), partitions, options.getRouting().getKeyEscaping());
    this.filterSubject = pattern.filterSubject(partition);
  }

  /** Starts handing messages to {@code intake}; called on the context. */
  protected abstract Future<Void> startReceiving();

  /** A message's handling is over ({@code failure} null on success); called on the context. */
  protected abstract void completed(Message message, Throwable failure);

  /** Stops receiving; completes once no more messages will reach {@code intake}. Called on the context. */
  protected abstract Future<Void> stopReceiving();

  /** Messages that will not be handled because the drain timed out; called on the context. */
  protected abstract void abandoned(List<Message> messages);

  /** Frees what receiving used, after the drain; called on the context. */
  protected abstract Future<Void> release();

  public synchronized Future<Void> start() {
    if (started != null) {
      return Future.failedFuture(new IllegalStateException("consumer of partition " + partition + " was already started"));
    }
    context = vertx.getOrCreateContext();
    intake = new PartitionIntake(context, options, pattern, handler, this::completed);
    Promise<Void> promise = Promise.promise();
    started = promise.future();
    context.runOnContext(v -> startReceiving().onComplete(promise));
    return started;
  }

  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped = started == null ? Future.succeededFuture() : started.transform(start -> start.failed()
          ? release()
          : stopReceiving()
              .transform(ignored -> intake.awaitIdle(options.getDrainTimeout(), this::abandoned))
              .eventually(this::release));
    }
    return stopped;
  }

  public int partition() {
    return partition;
  }

  public String filterSubject() {
    return filterSubject;
  }
}
