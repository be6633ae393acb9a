package io.parti.vertx.consumer;

import io.nats.client.Message;
import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;

/**
 * Handles one message of an owned partition, on that partition's verticle context. The returned future says when
 * handling is over: a JetStream message is acknowledged when it succeeds; when it fails (or the handler throws) it is
 * NAKed for a later redelivery, or, with {@code orderedByKey}, run again here after the same delay. The handler must
 * not acknowledge the message itself.
 * <p>
 * {@code partition} carries the owner epoch, a fencing token: a sink that remembers the highest epoch it saw for a
 * partition can refuse a write that comes with a lower one (from an owner that lost the partition meanwhile).
 */
@FunctionalInterface
public interface PartitionMessageHandler {

  Future<?> handle(PartitionContext partition, Message message);
}
