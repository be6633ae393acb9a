package io.parti.vertx.statics.impl;

import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPublisher;

import java.util.Objects;

public final class StaticPublisherImpl extends RoutingPublisher implements StaticPublisher {

  private final Connection connection;

  public StaticPublisherImpl(Connection connection, StaticPartitionOptions options) {
    super(options);
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  @Override
  public void publish(String key, byte[] data) {
    publish(key, null, data);
  }

  @Override
  public void publish(String key, Headers headers, byte[] data) {
    String subject = routing.subject(key);
    Headers withKey = routing.headers(key, headers);
    if (withKey == null) {
      connection.publish(subject, data);
    } else {
      connection.publish(subject, withKey, data);
    }
  }
}
