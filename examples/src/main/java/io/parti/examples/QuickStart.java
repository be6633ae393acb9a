package io.parti.examples;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The README's quick start, as a program: one worker of the {@code orders} group consuming the JetStream stream
 * {@code ORDERS} over 8 partitions ({@code orders.0.>} ... {@code orders.7.>}), printing every message it handles
 * with its partition and epoch. Start several to share the partitions; stop one with SIGTERM (Ctrl-C) and it hands
 * its partitions off before it exits. The NATS server (JetStream on) is {@code NATS_URL}, by default
 * {@code nats://127.0.0.1:4222}.
 * <p>
 * The code between the {@code quick-start} markers is the README's quick start, line for line
 * ({@code QuickStartReadmeTest} fails the build when the two differ).
 */
public final class QuickStart {

  /** A running quick start: what {@link #start} made, and the shutdown hook that stops it. */
  record Running(Vertx vertx, Connection nats, PartiCoordinator coordinator, String deploymentId, Thread shutdownHook) {

    /** Stops it as SIGTERM would: runs the shutdown hook now (taking it off the JVM's list) and waits for it. */
    void stop() throws InterruptedException {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook.start();
      shutdownHook.join();
    }
  }

  private QuickStart() {
  }

  public static void main(String[] args) throws Exception {
    String natsUrl = System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");
    Running running = start(natsUrl, System.out::println);
    System.out.println(running.coordinator().workerId() + " of group orders runs " + running.coordinator().assignment().size()
        + " partition(s); publish to orders.<0-7>.<anything>, stop with SIGTERM (Ctrl-C)");
    // Vert.x's threads keep the JVM running until SIGTERM runs the shutdown hook.
  }

  /**
   * Connects, creates the stream when missing, deploys the coordinator with the worker consumer and registers the
   * shutdown hook; returns once this worker runs its first assignment. Blocking: call it from a thread of your own
   * (such as {@code main}), never from an event loop.
   *
   * @param log where the program writes what it handles and how it stops ({@code System.out::println} in main)
   */
  static Running start(String natsUrl, Consumer<String> log) throws Exception {
    // quick-start:begin
    Connection nats = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(natsUrl).build());
    JetStreamManagement jsm = nats.jetStreamManagement();          // blocking calls: never on an event loop
    if (!jsm.getStreamNames().contains("ORDERS")) {
      jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
    }

    List<Partition> partitions = IntStream.range(0, 8)             // "0".."7": orders.0.> ... orders.7.>
        .mapToObj(i -> Partition.of(Integer.toString(i))).toList();

    // A durable consumer per partition, moving with it. A message starts only while the partition is owned
    // here (its gate); partition.epoch() is the fencing token.
    WorkerConsumer consumer = WorkerConsumer.jetStream(nats,
        new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>"),
        (partition, message) -> {
          log.accept("partition " + partition.partition().id() + " epoch " + partition.epoch() + ": "
              + message.getSubject() + " " + new String(message.getData(), StandardCharsets.UTF_8));
          return Future.succeededFuture();                         // acks it; a failed future NAKs it
        });

    PartiCoordinator coordinator = PartiCoordinator.create(nats,
            new PartiOptions().setGroup("orders"),
            PartitionSource.fixed(partitions),
            AssignmentStrategy.consistentHash())
        .partitionVerticles(consumer);

    // Deploying claims a worker id, joins the group and completes once this worker runs its first assignment.
    Vertx vertx = Vertx.vertx();
    String deploymentId = vertx.deployVerticle(coordinator).await();

    Thread shutdownHook = new Thread(() -> {                       // on SIGTERM: leave the group, then close
      try {
        vertx.undeploy(deploymentId).await(1, TimeUnit.MINUTES);   // graceful leave: partitions handed off first
        log.accept("coordinator undeployed: partitions handed off, worker id released");
        vertx.close().await(30, TimeUnit.SECONDS);
        log.accept("Vert.x closed");
        nats.close();
        log.accept("NATS connection closed");
      } catch (Exception e) {
        log.accept("shutdown failed: " + e);
      }
    });
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    // quick-start:end
    return new Running(vertx, nats, coordinator, deploymentId, shutdownHook);
  }
}
