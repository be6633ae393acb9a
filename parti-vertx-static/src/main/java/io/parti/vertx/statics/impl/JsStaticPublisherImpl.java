package io.parti.vertx.statics.impl;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.parti.vertx.statics.JsStaticPublisher;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Objects;

public final class JsStaticPublisherImpl extends RoutingPublisher implements JsStaticPublisher {

  private final Vertx vertx;
  private final JetStream jetStream;

  public JsStaticPublisherImpl(Vertx vertx, JetStream jetStream, StaticPartitionOptions options) {
    super(options);
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.jetStream = Objects.requireNonNull(jetStream, "jetStream");
  }

  @Override
  public Future<PublishAck> publish(String key, byte[] data) {
    return publish(key, null, data);
  }

  @Override
  public Future<PublishAck> publish(String key, Headers headers, byte[] data) {
    try {
      String subject = routing.subject(key);
      return Future.fromCompletionStage(jetStream.publishAsync(subject, routing.headers(key, headers), data), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
