package io.parti.vertx.statics.impl;

import io.nats.client.impl.Headers;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.SubjectPattern;

import java.util.Objects;

/** What both publishers do before handing a message to jnats: key to partition to subject (and key header). */
final class StaticRouting {

  /** Subjects of recently published keys kept per publisher (about 100 KB at most). */
  private static final int RECENT_SUBJECTS = 1024;

  private final StaticPartitioner partitioner;
  private final SubjectPattern pattern;
  private final String keyHeader;
  private final SubjectCache recent = new SubjectCache(RECENT_SUBJECTS);

  StaticRouting(StaticPartitionOptions options) {
    options.validate();
    this.partitioner = StaticPartitioner.create(options.getPartitions(), options.getHashSeed(), options.getRoutingMode());
    this.pattern = SubjectPattern.create(options.getSubjectPattern(), options.getPartitions(), options.getKeyEscaping());
    this.keyHeader = options.getKeyHeader();
  }

  String subject(String key) {
    Objects.requireNonNull(key, "key must not be null");
    String subject = recent.get(key);
    if (subject == null) {
      subject = pattern.publishSubject(partitioner.partition(key), key);
      recent.put(key, subject);
    }
    return subject;
  }

  /** {@code headers} plus the key header when one is configured (a copy: the caller's headers are left alone). */
  Headers headers(String key, Headers headers) {
    if (keyHeader == null) {
      return headers;
    }
    return new Headers(headers).put(keyHeader, key);
  }

  StaticPartitioner partitioner() {
    return partitioner;
  }

  SubjectPattern pattern() {
    return pattern;
  }
}
