package io.parti.examples.guide;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.statics.JsStaticConsumer;
import io.parti.vertx.statics.JsStaticConsumerOptions;
import io.parti.vertx.statics.JsStaticPublisher;
import io.parti.vertx.statics.RoutingMode;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPartitioner;
import io.parti.vertx.statics.StaticPublisher;
import io.parti.vertx.statics.SubjectPattern;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The guides' main code snippets, compiled: each region between {@code // snippet:NAME:begin} and
 * {@code // snippet:NAME:end} is the ```java block that follows {@code <!-- snippet: NAME -->} in the docs
 * ({@code DocSnippetsTest} fails the build when they differ). The methods only give the snippets what they use;
 * nothing here runs.
 */
final class GuideSnippets {

  /** What a snippet of the worker consumer writes to. */
  interface Store {
    Future<Void> write(String partition, long epoch, byte[] data);
  }

  private GuideSnippets() {
  }

  static void coordinator() throws Exception {
    // snippet:connect:begin
    Connection nats = Nats.connect(PartiCoordinator.recommendedConnectionOptions()
        .server("nats://127.0.0.1:4222")
        .build());                                     // blocking: fine on the main thread
    // snippet:connect:end
    // snippet:deploy:begin
    Vertx vertx = Vertx.vertx();
    List<Partition> partitions = IntStream.range(0, 64)
        .mapToObj(i -> Partition.of("orders", Integer.toString(i)))
        .toList();

    PartiCoordinator coordinator = PartiCoordinator.create(nats,
            PartiOptions.defaults().setGroup("orders"),
            PartitionSource.fixed(partitions),
            AssignmentStrategy.stickyBalanced())
        .partitionVerticles(OrderVerticle::new);

    String deploymentId = vertx.deployVerticle(coordinator)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println(coordinator.workerId() + " runs " + coordinator.assignment());
    // snippet:deploy:end
    // snippet:shutdown:begin
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.undeploy(deploymentId)                   // graceful leave: partitions are handed off
            .toCompletionStage().toCompletableFuture().get(45, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        nats.close();                                  // the coordinator never closes it
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    // snippet:shutdown:end
  }

  static void workerConsumer(Connection connection, PartiCoordinator coordinator, Store store) {
    // snippet:worker-consumer:begin
    WorkerConsumer consumer = WorkerConsumer.jetStream(connection,
        new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>"),
        (partition, message) -> store.write(partition.partition().id(), partition.epoch(), message.getData()));
    coordinator.partitionVerticles(consumer);
    // snippet:worker-consumer:end
  }

  static void routing() {
    // snippet:static-routing:begin
    StaticPartitioner partitioner = StaticPartitioner.create(64, 0);          // modulo, seed 0
    int p = partitioner.partition("customer-42");                              // 0..63, allocation-free
    long h = StaticPartitioner.hash("customer-42", 0);                         // raw xxh3_64, read as unsigned
    StaticPartitioner jump = StaticPartitioner.create(64, 0, RoutingMode.JUMP);
    // snippet:static-routing:end
    // snippet:static-subjects:begin
    SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 64);
    pattern.publishSubject(7, "customer-42");   // orders.customer-42.7
    pattern.filterSubject(7);                   // orders.*.7
    pattern.keyOf("orders.customer-42.7");      // customer-42
    // snippet:static-subjects:end
  }

  static void staticPublishAndConsume(Vertx vertx, Connection connection, byte[] bytes) throws Exception {
    // snippet:static-publish:begin
    StaticPartitionOptions routing = new StaticPartitionOptions()
        .setPartitions(64).setSubjectPattern("orders.{{key}}.{{partition}}");   // + hashSeed, routingMode, keyEscaping, keyHeader

    StaticPublisher core = StaticPublisher.create(connection, routing);
    core.publish("customer-42", bytes);                       // fire and forget, at most once

    JsStaticPublisher js = JsStaticPublisher.create(vertx, connection.jetStream(), routing);
    js.publish("customer-42", bytes).onSuccess(ack -> System.out.println(ack.getSeqno()));   // Future<PublishAck> on the caller's context
    // snippet:static-publish:end
    // snippet:static-consume:begin
    JsStaticConsumerOptions options = new JsStaticConsumerOptions()
        .setRouting(routing).setStream("ORDERS")              // the stream must exist
        .setMaxConcurrency(8).setOrderedByKey(true);          // partition -1: from the StatefulSet environment
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, options, msg -> handle(msg));
    consumer.start();   // in a verticle's start: handlers then run on that verticle's context
    consumer.stop();    // in its stop: closes the gate, gives back what did not start, drains
    // snippet:static-consume:end
  }

  private static Future<Void> handle(Message message) {
    return Future.succeededFuture();
  }
}
