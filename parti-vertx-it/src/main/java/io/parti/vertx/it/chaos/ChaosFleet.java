package io.parti.vertx.it.chaos;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.WorkerState;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.impl.consumer.PartitionTemplates;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.it.MessageLedger;
import io.parti.vertx.testkit.NatsCluster;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The fleet under chaos: worker processes named {@code w1}, {@code w2}... (each its own Vert.x and connection), each
 * behind a {@link WorkerLink} of its own, consuming the stream into the {@link MessageLedger} with the worker consumer.
 * Only the driver's thread changes it; convergence is polled from another.
 */
final class ChaosFleet implements AutoCloseable {

  /** A live process: its link, its deployment, and the fleet's handle on it. */
  private record Member(WorkerLink link, Future<Fleet.Worker> deployed, Fleet.Worker worker) {
  }

  final Fleet fleet;
  private final WorkerConsumerOptions consumer;
  private final NatsCluster cluster;
  private final MessageLedger ledger;
  private final PartiOptions options;
  private final Map<String, Member> live = new ConcurrentSkipListMap<>();
  private int started;

  ChaosFleet(NatsCluster cluster, PartiOptions options, int partitions, WorkerConsumerOptions consumer, MessageLedger ledger) {
    this.cluster = cluster;
    this.options = options;
    this.ledger = ledger;
    this.consumer = consumer;
    this.fleet = new Fleet(options, partitions)
        .partitionVerticles(c -> WorkerConsumer.jetStream(c, consumer, ledger.handler(c.getOptions().getConnectionName())));
  }

  /** Starts {@code count} processes together and waits until they run every partition once, each some. */
  void startSettled(int count, Duration atMost) throws Exception {
    for (int i = 0; i < count; i++) {
      start();
    }
    awaitConverged(count, atMost);
  }

  /** Starts a new process (its deployment goes on in the background); returns its name. */
  String start() throws Exception {
    String name = "w" + ++started;
    WorkerLink link = new WorkerLink(cluster);
    Future<Fleet.Worker> deployed = fleet.startAsync(link.urls(), options, nats -> nats.connectionName(name).ignoreDiscoveredServers());
    Fleet.Worker worker = fleet.workers().stream().filter(w -> name.equals(w.name())).findFirst().orElseThrow();
    live.put(name, new Member(link, deployed, worker));
    return name;
  }

  /** The durable consumer of {@code partition}. */
  String durableName(String partition) {
    return PartitionTemplates.durable(consumer.getDurable(), fleet.group, Partition.of(partition));
  }

  /** The names of the live processes, in order. */
  List<String> names() {
    return List.copyOf(live.keySet());
  }

  WorkerLink link(String name) {
    return live.get(name).link();
  }

  /** The process dies: nothing is handed off or released, and nothing it was running runs on. */
  void crash(String name) {
    Member member = live.remove(name);
    member.worker().crash();
    ledger.crashed(name);
    member.link().close();
  }

  /** The process leaves gracefully (once deployed): its partitions are handed off first. */
  void stop(String name) throws Exception {
    Member member = live.remove(name);
    Fleet.await(member.deployed());
    member.worker().stop();
    member.link().close();
  }

  /**
   * Waits until {@code size} processes are deployed and in contact, and run every partition exactly once, each of them
   * some; returns how long that took, in ms.
   */
  long awaitConverged(int size, Duration atMost) {
    long from = System.nanoTime();
    fleet.awaitUntil(atMost, () -> converged(size));
    return (System.nanoTime() - from) / 1_000_000;
  }

  private boolean converged(int size) {
    List<Fleet.Worker> workers = live.values().stream().map(Member::worker).toList();
    return workers.size() == size
        && workers.stream().allMatch(w -> w.deploymentId != null && w.id() != null && w.coordinator.state() != WorkerState.DEGRADED)
        && fleet.registry.byWorker().size() == size
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds());
  }

  @Override
  public void close() throws InterruptedException {
    fleet.close();
    live.values().forEach(member -> member.link().close());
  }
}
