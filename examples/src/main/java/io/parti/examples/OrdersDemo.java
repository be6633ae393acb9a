package io.parti.examples;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The demo behind {@code scripts/demo}: a local nats-server, then worker processes (simulated in one JVM,
 * each with its own Vert.x and NATS connection) sharing 16 order partitions while the fleet scales up,
 * loses a worker to a crash, gets it back, and shrinks gracefully. It prints who owns what as it changes.
 */
public final class OrdersDemo {

  private static final List<Partition> PARTITIONS =
      IntStream.range(0, 16).mapToObj(i -> Partition.of("orders", Integer.toString(i))).collect(Collectors.toList());
  private static final Map<String, Set<String>> OWNED = new ConcurrentHashMap<>();

  /** One simulated worker process. */
  private record Worker(Vertx vertx, Connection connection, PartiCoordinator coordinator, String deploymentId) {
  }

  private OrdersDemo() {
  }

  public static void main(String[] args) throws Exception {
    try (NatsServer nats = NatsServer.start()) {
      System.out.println("nats-server " + nats.url() + " (JetStream, store " + nats.storeDir() + ")");
      List<Worker> workers = new ArrayList<>();
      step("Three workers start");
      for (int i = 0; i < 3; i++) {
        workers.add(start(nats.url()));
      }
      settle();

      step("Scale up: a fourth worker joins (planned rebalance, two-phase hand-off)");
      workers.add(start(nats.url()));
      settle();

      Worker victim = workers.remove(1);
      step("Crash: " + victim.coordinator().workerId() + " dies without a goodbye");
      crash(victim);
      settle();

      step("Restart: a new process joins and takes the lowest free worker id");
      workers.add(start(nats.url()));
      settle();

      Worker leaving = workers.remove(0);
      step("Graceful leave: " + leaving.coordinator().workerId() + " hands its partitions off, then exits");
      leave(leaving);
      settle();

      step("Done: the remaining workers leave gracefully");
      for (Worker w : workers) {
        leave(w);
      }
    }
    System.exit(0);
  }

  private static Worker start(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(url).build());
    PartiCoordinator coordinator = PartiCoordinator.create(connection, PartiOptions.fast().setGroup("orders"),
            PartitionSource.fixed(PARTITIONS), AssignmentStrategy.stickyBalanced())
        .partitionVerticles(OrderVerticle::new);
    vertx.eventBus().<JsonObject>consumer(PartiCoordinator.ASSIGNMENTS_ADDRESS, msg -> {
      JsonObject e = msg.body();
      Set<String> now = e.getJsonArray("partitions").stream().map(String::valueOf).collect(Collectors.toCollection(java.util.TreeSet::new));
      OWNED.put(e.getString("workerId"), now);
      if (!e.getJsonArray("added").isEmpty() || !e.getJsonArray("removed").isEmpty()) {
        System.out.printf("  %-9s v%-3d %s +%s -%s%n", e.getString("workerId"), e.getLong("version"),
            e.getBoolean("leader") ? "(leader)" : "        ", e.getJsonArray("added"), e.getJsonArray("removed"));
      }
    });
    String id = vertx.deployVerticle(coordinator).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new Worker(vertx, connection, coordinator, id);
  }

  /** The process dies: its connection drops, its verticles stop, nothing is handed off or released. */
  private static void crash(Worker worker) throws Exception {
    String id = worker.coordinator().workerId();
    worker.connection().close();
    worker.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    OWNED.remove(id);
  }

  /** A graceful exit, as on SIGTERM: undeploy the coordinator (it hands its partitions off), then close. */
  private static void leave(Worker worker) throws Exception {
    worker.vertx().undeploy(worker.deploymentId()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    crash(worker);
  }

  /** Waits until every partition has exactly one owner for a moment, then prints the table. */
  private static void settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int stableFor = 0;
    while (System.nanoTime() < deadline && stableFor < 10) {
      stableFor = ownedExactlyOnce() ? stableFor + 1 : 0;
      Thread.sleep(100);
    }
    Map<String, Set<String>> table = new TreeMap<>(OWNED);
    table.forEach((worker, partitions) -> System.out.printf("  %-9s owns %2d: %s%n", worker, partitions.size(), partitions));
    System.out.println(ownedExactlyOnce() ? "  every partition has exactly one owner" : "  NOT SETTLED");
  }

  private static boolean ownedExactlyOnce() {
    List<String> all = OWNED.values().stream().flatMap(Set::stream).collect(Collectors.toList());
    return all.size() == PARTITIONS.size() && Set.copyOf(all).size() == PARTITIONS.size();
  }

  private static void step(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
