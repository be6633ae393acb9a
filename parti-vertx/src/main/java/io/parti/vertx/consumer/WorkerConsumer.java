package io.parti.vertx.consumer;

import io.nats.client.Connection;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionVerticleFactory;
import io.parti.vertx.impl.consumer.WorkerConsumerImpl;

/**
 * Consumes each partition this worker owns, as the coordinator's partition verticles: the application writes only
 * the handler.
 * <pre>{@code
 * coordinator.partitionVerticles(WorkerConsumer.jetStream(connection,
 *     new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>"),
 *     (partition, message) -> store.write(partition.epoch(), message.getData())));
 * }</pre>
 * <b>JetStream</b> ({@link #jetStream}): at least once, nothing lost across moves. Each partition has one durable
 * pull consumer, named by group and partition (never by worker), so its cursor goes with the partition from owner
 * to owner; it is created when missing and created again if it disappears while running. Messages are fetched on
 * a thread of the consumer's own, never on an event loop, and handled on the partition verticle's context. A
 * message is acked when its handler's future succeeds, NAKed with a growing delay when it fails (with
 * {@code orderedByKey}, run again here after that delay), and given up at {@code maxDeliver}: terminated, after being
 * published to the dead-letter subject when one is set.
 * <p>
 * At a move the partition's gate closes first: no message starts from then on. Fetching stops (the open pull request
 * ends within {@code fetchExpiry}); the messages received and not started are NAKed, so the next owner gets them
 * without waiting for the ack wait; the running handlers finish (bounded by {@code drainTimeout}); only then is the
 * partition released to its next owner. A message is therefore handled twice only when its ack did not reach the
 * server (its owner died, overran the drain timeout or lost its connection for longer than the ack wait while
 * handling it): duplicates are bounded by what was in flight there. See {@code docs/worker-consumer.md}.
 * <p>
 * <b>Core NATS</b> ({@link #core}): at most once. A subscription per owned partition; a message that fails, or
 * that arrives while the partition moves, is not redelivered.
 */
public interface WorkerConsumer extends PartitionVerticleFactory {

  /**
   * A JetStream worker consumer; the stream must exist.
   *
   * @throws IllegalArgumentException when an option is invalid, naming it
   */
  static WorkerConsumer jetStream(Connection connection, WorkerConsumerOptions options, PartitionMessageHandler handler) {
    return new WorkerConsumerImpl(connection, options, handler, true);
  }

  /**
   * A core NATS worker consumer: at most once (see the class comment); {@code stream} and the JetStream options are
   * not used.
   *
   * @throws IllegalArgumentException when an option is invalid, naming it
   */
  static WorkerConsumer core(Connection connection, WorkerConsumerOptions options, PartitionMessageHandler handler) {
    return new WorkerConsumerImpl(connection, options, handler, false);
  }

  /** The subjects of {@code partition}: the subject template with the partition in place. */
  String filterSubject(Partition partition);

  /** The durable consumer name of {@code partition} in {@code group}. */
  String durableName(String group, Partition partition);
}
