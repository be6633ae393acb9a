package io.parti.vertx.statics.impl;

import io.nats.client.impl.Headers;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.SubjectPattern;

import java.util.Objects;

/** What both publishers do before handing a message to jnats: key to partition to subject (and key header). */
final class StaticRouting {

  private final StaticPartitioner partitioner;
  private final SubjectPattern pattern;
  private final String keyHeader;

  StaticRouting(StaticPartitionOptions options) {
    options.validate();
    this.partitioner = StaticPartitioner.create(options.getPartitions(), options.getHashSeed(), options.getRoutingMode());
    this.pattern = SubjectPattern.create(options.getSubjectPattern(), options.getPartitions(), options.getKeyEscaping());
    this.keyHeader = options.getKeyHeader();
  }

  String subject(String key) {
    Objects.requireNonNull(key, "key must not be null");
    return pattern.publishSubject(partitioner.partition(key), key);
  }

  /**
   * {@code headers} plus the key header when one is configured (a copy: the caller's headers are left alone), its value
   * encoded as the pattern's escaping says ({@link SubjectPattern#keyOfHeader} reads it back).
   */
  Headers headers(String key, Headers headers) {
    if (keyHeader == null) {
      return headers;
    }
    return new Headers(headers).put(keyHeader, SubjectKeys.headerValue(key, pattern.keyEscaping()));
  }

  StaticPartitioner partitioner() {
    return partitioner;
  }

  SubjectPattern pattern() {
    return pattern;
  }
}
