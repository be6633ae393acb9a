package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.parti.vertx.shared.consumer.JetStreamEngine;
import io.parti.vertx.shared.consumer.JetStreamSettings;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.StaticMessageHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Objects;

/** JetStream consumer of one static partition: the shared JetStream engine on the partition's durable. */
public final class JsStaticConsumerImpl implements JsStaticConsumer {

  private final StaticPartitionTarget target;
  private final String durable;
  private final JetStreamEngine engine;

  public JsStaticConsumerImpl(Vertx vertx, Connection connection, JsStaticConsumerOptions options, StaticMessageHandler handler) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(handler, "handler");
    JsStaticConsumerOptions copy = new JsStaticConsumerOptions(options);
    this.target = StaticPartitionTarget.of(copy, "static-jetstream");
    this.durable = copy.durableName(target.partition());
    JetStreamSettings settings = new JetStreamSettings(copy.getStream(), durable, target.filterSubject(), copy.getBatchSize(),
        copy.getFetchExpiry(), copy.getAckWait(), copy.getMaxDeliver(), copy.getMaxPending(), copy.getNakDelay(),
        copy.getMaxNakDelay(), null, target.name(), JetStreamSettings.api(copy.getDomain(), copy.getApiPrefix()));
    this.engine = new JetStreamEngine(vertx, connection, settings, target.dispatch(), handler::handle);
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

  @Override
  public String durable() {
    return durable;
  }
}
