package io.parti.examples.demo;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.Nats;
import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One worker process of the demo: a coordinator of the group {@code demo} whose partitions run the JetStream worker
 * consumer on the stream {@code DEMO}. Each message is "worked on" for a millisecond or three, then reported as handled;
 * each partition's start and stop is reported too, and the worker's status a few times a second: that is all the
 * dashboard knows. Reports go to the report stream and are retried until it stores them (a message id makes a retry
 * that did land count once), and a message is acknowledged only once its report is stored: a message acknowledged is a
 * message reported, across NATS restarts too. SIGTERM (Ctrl-C, or the demo's graceful leave) leaves the group: partitions are handed off
 * first. Usage: {@code DemoWorker <nats-url> <name>}; the name is also the coordinator's instance id, so a restarted
 * worker gets its worker id back.
 */
public final class DemoWorker {

  private final String name;
  /** The name and the process id: a worker killed and started again under its name is another process. */
  private final String proc;
  private final Connection nats;
  private final JetStream js;
  /** The partitions running here, with their owner epochs. */
  private final Map<String, Long> running = new ConcurrentHashMap<>();

  private DemoWorker(String name, Connection nats) {
    this.name = name;
    this.proc = name + "/" + ProcessHandle.current().pid();
    this.nats = nats;
    try {
      this.js = nats.jetStream();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DemoWorker <nats-url> <name>");
      System.exit(2);
    }
    String name = args[1];
    Connection nats = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(args[0]).connectionName(name)
        .maxReconnects(-1).build());
    Vertx vertx = Vertx.vertx();
    DemoWorker worker = new DemoWorker(name, nats);
    PartiCoordinator coordinator = worker.coordinator();
    String deployment = vertx.deployVerticle(coordinator).await(2, TimeUnit.MINUTES);
    System.out.println(name + " is " + coordinator.workerId() + ", running " + coordinator.assignment().size() + " partitions");
    vertx.setPeriodic(250, id -> worker.publishStatus(coordinator));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.undeploy(deployment).await(1, TimeUnit.MINUTES); // the graceful leave
        System.out.println(name + " left the group");
        vertx.close().await(30, TimeUnit.SECONDS);
        nats.close();
      } catch (Exception e) {
        System.out.println(name + " could not leave cleanly: " + e.getMessage());
      }
    }, "leave"));
  }

  private PartiCoordinator coordinator() {
    WorkerConsumer consumer = WorkerConsumer.jetStream(nats,
        new WorkerConsumerOptions().setStream(DemoSetup.WORK_STREAM).setSubject(DemoSetup.WORK_SUBJECT)
            .setAckWait(Duration.ofSeconds(5)), // what a killed worker held comes back within seconds
        this::handle);
    // KEEP_RUNNING: a NATS restart neither stops nor moves a partition.
    PartiOptions options = new PartiOptions(PartiOptions.fast()).setGroup(DemoSetup.GROUP).setInstanceId(name)
        .setDrainTimeout(Duration.ofSeconds(5)).setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
    return PartiCoordinator.create(nats, options, PartitionSource.fixed(DemoSetup.partitions()), AssignmentStrategy.stickyBalanced())
        .partitionVerticles(partition -> new Reported(partition, consumer.create(partition)));
  }

  /** The work: a short wait as for a write somewhere, then the report, then (by the consumer) the ack. */
  private Future<?> handle(PartitionContext partition, io.nats.client.Message message) {
    long id = Long.parseLong(new String(message.getData(), StandardCharsets.UTF_8));
    Vertx vertx = Vertx.currentContext().owner();
    long delivery = message.metaData().deliveredCount();
    return vertx.timer(1 + id % 3).compose(v -> report(vertx, "handled",
        new JsonObject().put("p", partition.partition().id()).put("id", id).put("epoch", partition.epoch()).put("delivery", delivery),
        "handled-" + id + "-" + delivery + "-" + proc));
  }

  /** Stores a report in the report stream, retrying for up to half a minute (a NATS restart, say). */
  private Future<Void> report(Vertx vertx, String kind, JsonObject report, String messageId) {
    byte[] body = report.put("proc", proc).toBuffer().getBytes();
    PublishOptions options = PublishOptions.builder().messageId(messageId).build();
    Promise<Void> stored = Promise.promise();
    attempt(vertx, DemoSetup.REPORT_PREFIX + kind, body, options, stored, 120);
    return stored.future();
  }

  private void attempt(Vertx vertx, String subject, byte[] body, PublishOptions options, Promise<Void> stored, int left) {
    java.util.concurrent.CompletableFuture<?> sent;
    try {
      sent = js.publishAsync(subject, body, options);
    } catch (RuntimeException disconnected) { // the coordinator's connection buffers nothing while it reconnects
      sent = java.util.concurrent.CompletableFuture.failedFuture(disconnected);
    }
    sent.whenComplete((ack, error) -> {
      if (error == null) {
        stored.tryComplete();
      } else if (left <= 1) {
        stored.tryFail(error);
      } else {
        vertx.setTimer(250, id -> attempt(vertx, subject, body, options, stored, left - 1));
      }
    });
  }

  private void publishStatus(PartiCoordinator coordinator) {
    JsonObject partitions = new JsonObject();
    running.forEach(partitions::put);
    byte[] status = new JsonObject().put("proc", proc).put("name", name).put("worker", coordinator.workerId())
        .put("state", coordinator.state().name()).put("leader", coordinator.isLeader())
        .put("version", coordinator.assignmentVersion()).put("partitions", partitions).toBuffer().getBytes();
    try {
      nats.publish(DemoSetup.STATUS_PREFIX + name, status);
    } catch (IllegalStateException reconnecting) {
      // The coordinator's connection buffers nothing while it reconnects: this status is skipped, the next one goes.
    }
  }

  /**
   * A partition's consumer, reported: it runs from the start of its deployment until its undeployment begins (the
   * coordinator asks for that only once the partition's gate is closed: nothing new starts after it).
   */
  private final class Reported implements Deployable {

    private final PartitionContext partition;
    private final Deployable inner;

    Reported(PartitionContext partition, Deployable inner) {
      this.partition = partition;
      this.inner = inner;
    }

    @Override
    public Future<?> deploy(Context context) throws Exception {
      running.put(partition.partition().id(), partition.epoch());
      run(context, "start");
      return inner.deploy(context).onFailure(e -> {
        running.remove(partition.partition().id());
        run(context, "stop");
      });
    }

    @Override
    public Future<?> undeploy(Context context) throws Exception {
      running.remove(partition.partition().id());
      run(context, "stop");
      return inner.undeploy(context);
    }

    /** Reports the run's start or stop, stamped now; stored in the background (the ledger orders runs by stamp). */
    private void run(Context context, String event) {
      long at = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      report(context.owner(), "run", new JsonObject().put("p", partition.partition().id()).put("epoch", partition.epoch())
          .put("worker", partition.workerId()).put("event", event).put("at", at),
          "run-" + partition.partition().id() + "-" + partition.epoch() + "-" + event + "-" + proc);
    }
  }
}
