package io.parti.vertx.impl.consumer;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.parti.vertx.Partition;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.consumer.PartitionMessageHandler;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.shared.consumer.CoreEngine;
import io.parti.vertx.shared.consumer.JetStreamEngine;
import io.parti.vertx.shared.consumer.JetStreamSettings;
import io.parti.vertx.shared.consumer.PartitionEngine;
import io.vertx.core.Deployable;
import io.vertx.core.Future;

import java.util.Objects;
import java.util.function.Function;

/**
 * Makes, per owned partition, a verticle that runs the shared consumer engine over the partition's subjects, with the
 * partition's gate ({@link PartitionContext#isOwned()}) checked before every message starts.
 */
public final class WorkerConsumerImpl implements WorkerConsumer {

  private final Connection connection;
  private final WorkerConsumerOptions options;
  private final PartitionMessageHandler handler;
  private final boolean jetStream;

  public WorkerConsumerImpl(Connection connection, WorkerConsumerOptions options, PartitionMessageHandler handler, boolean jetStream) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = new WorkerConsumerOptions(Objects.requireNonNull(options, "options")).validate(jetStream);
    this.handler = Objects.requireNonNull(handler, "handler");
    this.jetStream = jetStream;
  }

  @Override
  public Deployable create(PartitionContext partition) {
    String subject = filterSubject(partition.partition());
    String name = "partition " + partition.partition().id();
    PartitionEngine.Dispatch dispatch = new PartitionEngine.Dispatch(options.getMaxConcurrency(), keyOf(), partition::isOwned,
        options.getDrainTimeout(), jetStream ? "worker" : "worker-core", partition.partition().id());
    Function<Message, Future<?>> handle = message -> handler.handle(partition, message);
    JetStreamSettings settings = jetStream ? settings(partition, subject, name) : null;
    return new EngineVerticle(vertx -> jetStream
        ? new JetStreamEngine(vertx, connection, settings, dispatch, handle)
        : new CoreEngine(vertx, connection, subject, options.getMaxAckPending(), name, false, dispatch, handle));
  }

  private JetStreamSettings settings(PartitionContext partition, String subject, String name) {
    String deadLetter = options.getDeadLetterSubject() == null ? null
        : PartitionTemplates.subject(options.getDeadLetterSubject(), partition.partition());
    return new JetStreamSettings(options.getStream(), durableName(partition.group(), partition.partition()), subject,
        options.getBatchSize(), options.getFetchExpiry(), options.getAckWait(), options.getMaxDeliver(),
        options.getMaxAckPending(), options.getNakDelay(), options.getMaxNakDelay(), deadLetter, name,
        JetStreamSettings.api(options.getDomain(), options.getApiPrefix()));
  }

  /** The ordering key: the key header, else the subject. */
  private Function<Message, String> keyOf() {
    if (!options.isOrderedByKey()) {
      return null;
    }
    String header = options.getKeyHeader();
    return message -> {
      String key = message.getHeaders() == null ? null : message.getHeaders().getFirst(header);
      return key != null ? key : message.getSubject();
    };
  }

  @Override
  public String filterSubject(Partition partition) {
    return PartitionTemplates.subject(options.getSubject(), partition);
  }

  @Override
  public String durableName(String group, Partition partition) {
    return PartitionTemplates.durable(options.getDurable(), group, partition);
  }
}
