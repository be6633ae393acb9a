package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
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
 * The life cycle both consumers share: resolve the partition, subscribe on a jnats dispatcher, hand
 * messages to the handler through a {@link PartitionIntake}, and on stop drain before closing.
 * Subclasses say how to subscribe, what to do when a message's handling is over, and how to stop receiving.
 */
abstract class PartitionConsumer<O extends StaticConsumerOptions> {

  protected final Vertx vertx;
  protected final Connection connection;
  protected final int partition;
  protected final SubjectPattern pattern;
  protected final String filterSubject;
  /** A private copy, validated. */
  protected final O options;
  private final StaticMessageHandler handler;
  protected Context context;
  protected PartitionIntake intake;
  private Future<Dispatcher> started;
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

  /** Subscribes {@code intake} on a new jnats dispatcher; called on the context. */
  protected abstract Future<Dispatcher> subscribe();

  /** A message's handling is over ({@code failure} null on success); called on the context. */
  protected abstract void completed(Message message, Throwable failure);

  /** Stops asking for messages before the drain; called on the context. */
  protected abstract Future<Void> stopReceiving();

  /** Messages that will not be handled because the drain timed out; called on the context. */
  protected abstract void abandoned(List<Message> messages);

  public synchronized Future<Void> start() {
    if (started != null) {
      return Future.failedFuture(new IllegalStateException("consumer of partition " + partition + " was already started"));
    }
    context = vertx.getOrCreateContext();
    intake = new PartitionIntake(context, options, pattern, handler, this::completed);
    Promise<Dispatcher> promise = Promise.promise();
    started = promise.future();
    context.runOnContext(v -> subscribe().onComplete(promise));
    return started.mapEmpty();
  }

  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped = started == null ? Future.succeededFuture() : started.transform(subscribed -> {
        if (subscribed.failed()) {
          return Future.succeededFuture();
        }
        return stopReceiving().transform(ignored ->
            intake.drain(connection, subscribed.result(), options.getDrainTimeout(), this::abandoned));
      });
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
