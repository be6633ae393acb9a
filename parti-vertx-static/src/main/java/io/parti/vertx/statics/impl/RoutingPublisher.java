package io.parti.vertx.statics.impl;

import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.SubjectPattern;

import java.util.Objects;

/** The routing queries both publishers answer alike. */
abstract class RoutingPublisher {

  protected final StaticRouting routing;

  RoutingPublisher(StaticPartitionOptions options) {
    this.routing = new StaticRouting(Objects.requireNonNull(options, "options"));
  }

  public int partition(String key) {
    return routing.partitioner().partition(key);
  }

  public String subject(String key) {
    return routing.subject(key);
  }

  public StaticPartitioner partitioner() {
    return routing.partitioner();
  }

  public SubjectPattern subjectPattern() {
    return routing.pattern();
  }
}
