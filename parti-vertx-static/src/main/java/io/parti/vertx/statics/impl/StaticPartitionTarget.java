package io.parti.vertx.statics.impl;

import io.nats.client.Message;
import io.parti.vertx.shared.consumer.PartitionEngine;
import io.parti.vertx.statics.StatefulSets;
import io.parti.vertx.statics.StaticConsumerOptions;
import io.parti.vertx.statics.SubjectPattern;

import java.util.function.Function;

/**
 * What both static consumers resolve from their options before they start: which partition (explicit, or the
 * StatefulSet ordinal), its filter subject, and how its messages are dispatched.
 */
record StaticPartitionTarget(int partition, String filterSubject, PartitionEngine.Dispatch dispatch) {

  /** Validates {@code options} (a private copy) and resolves the partition; {@code consumer} is the kind its meters carry. */
  static StaticPartitionTarget of(StaticConsumerOptions options, String consumer) {
    options.validate();
    int partitions = options.getRouting().getPartitions();
    int partition = options.getPartition() >= 0 ? options.getPartition() : StatefulSets.partitionIndex(partitions);
    SubjectPattern pattern = SubjectPattern.create(options.getRouting().getSubjectPattern(), partitions, options.getRouting().getKeyEscaping());
    Function<Message, String> keyOf = options.isOrderedByKey() ? keyOf(pattern, options.getRouting().getKeyHeader()) : null;
    return new StaticPartitionTarget(partition, pattern.filterSubject(partition),
        new PartitionEngine.Dispatch(options.getMaxConcurrency(), keyOf, () -> true, options.getDrainTimeout(), consumer,
            Integer.toString(partition)));
  }

  private static Function<Message, String> keyOf(SubjectPattern pattern, String keyHeader) {
    if (pattern.hasKey()) {
      return message -> pattern.keyOf(message.getSubject());
    }
    return message -> message.getHeaders() == null ? null : pattern.keyOfHeader(message.getHeaders().getFirst(keyHeader));
  }

  String name() {
    return "partition " + partition;
  }
}
