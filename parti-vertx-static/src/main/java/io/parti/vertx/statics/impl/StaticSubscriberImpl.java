package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.parti.vertx.shared.consumer.CoreEngine;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.parti.vertx.statics.StaticSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Objects;

/** Core NATS subscriber of one static partition: the shared core engine, handling what it received before it stops. */
public final class StaticSubscriberImpl implements StaticSubscriber {

  private final StaticPartitionTarget target;
  private final CoreEngine engine;

  public StaticSubscriberImpl(Vertx vertx, Connection connection, StaticConsumerOptions options, StaticMessageHandler handler) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(handler, "handler");
    StaticConsumerOptions copy = new StaticConsumerOptions(options);
    this.target = StaticPartitionTarget.of(copy, "static-core");
    this.engine = new CoreEngine(vertx, connection, target.filterSubject(), copy.getMaxPending(), target.name(), true,
        target.dispatch(), handler::handle);
  }

  @Override
  public Future<Void> start() {
    return engine.start();
  }

  @Override
  public Future<Void> stop() {
    return engine.stop();
  }

  @Override
  public int partition() {
    return target.partition();
  }

  @Override
  public String filterSubject() {
    return target.filterSubject();
  }
}
