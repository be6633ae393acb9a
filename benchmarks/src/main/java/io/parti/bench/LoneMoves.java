package io.parti.bench;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.parti.vertx.Partition;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.source.PartitionEditor;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Planned moves one at a time, in a fleet otherwise idle: every step of a hand-off runs alone, so the gap shows what
 * the protocol costs, where the scaling cycles of {@link HandoffBench} show 16 moves at once competing with 64
 * partition verticles, five coordinators and the server for two cores. Three workers run 12 partitions from a KV
 * list, placed by {@link ByWeight}; each round raises one partition's weight by one, which moves that partition, and
 * nothing else, to the next worker. The floor is measured in the same run: a bare jnats KV put reaching a jnats KV
 * watch, on an idle server.
 */
final class LoneMoves {

  private static final int WORKERS = 3;
  private static final int PARTITIONS = 12;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  /** The gap of each lone move, in ms, with the steps of each from the coordinators' TRACE lines. */
  record Result(List<Double> gaps, Map<String, List<Double>> steps, List<Double> kvHops) {
  }

  private LoneMoves() {
  }

  static Result run(String url, PartiOptions options, int rounds) throws Exception {
    List<Double> hops = kvHops(url, 200);
    String bucket = "lone-moves";
    Vertx vertx = Vertx.vertx();
    try (Connection connection = Nats.connect(url);
         Fleet fleet = new Fleet(options, () -> PartitionSource.kv(bucket, "list"), new ByWeight())) {
      PartitionEditor editor = PartitionEditor.create(vertx, connection, bucket, "list");
      Fleet.await(editor.add(IntStream.range(0, PARTITIONS).mapToObj(i -> Partition.of("p" + i)).collect(Collectors.toList())));
      fleet.startTogether(WORKERS, url, options);
      fleet.awaitUntil(SETTLE, () -> {
        Map<String, ? extends Collection<String>> running = fleet.registry.snapshot();
        return running.size() == PARTITIONS && running.values().stream().allMatch(owners -> owners.size() == 1);
      });
      try (HandoffTrace trace = new HandoffTrace()) {
        for (int r = 0; r < rounds; r++) {
          String moved = "p" + (r % PARTITIONS);
          int runsBefore = runsOf(fleet, moved);
          Fleet.await(editor.modify(list -> list.stream()
              .map(p -> p.id().equals(moved) ? p.withWeight(p.weight() + 1) : p).collect(Collectors.toList())));
          fleet.awaitUntil(SETTLE, () -> runsOf(fleet, moved) > runsBefore && fleet.registry.snapshot().get(moved).size() == 1);
          Thread.sleep(300); // idle again: the next move starts alone
        }
        List<Double> gaps = HandoffBench.gaps(fleet);
        if (!fleet.registry.overlaps().isEmpty()) {
          throw new IllegalStateException("lone moves overlapped: " + fleet.registry.overlaps());
        }
        return new Result(gaps, trace.steps(), hops);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static int runsOf(Fleet fleet, String partition) {
    return (int) fleet.registry.intervals().stream().filter(i -> i.partition().equals(partition)).count();
  }

  /** The floor: {@code samples} bare jnats KV puts, each timed until a watch of the key delivers it, in ms. */
  private static List<Double> kvHops(String url, int samples) throws Exception {
    try (Connection writer = Nats.connect(url); Connection reader = Nats.connect(url)) {
      writer.keyValueManagement().create(KeyValueConfiguration.builder().name("lone-moves-floor").storageType(StorageType.File).build());
      KeyValue kv = writer.keyValue("lone-moves-floor");
      BlockingQueue<Long> delivered = new ArrayBlockingQueue<>(samples + 1);
      NatsKeyValueWatchSubscription watch = reader.keyValue("lone-moves-floor").watch("k", new KeyValueWatcher() {
        @Override
        public void watch(KeyValueEntry entry) {
          delivered.add(System.nanoTime());
        }

        @Override
        public void endOfData() {
        }
      });
      List<Double> hops = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        long sent = System.nanoTime();
        kv.put("k", new byte[] {(byte) i});
        Long at = delivered.poll(5, TimeUnit.SECONDS);
        if (at == null) {
          throw new IllegalStateException("the floor's watch delivered nothing");
        }
        hops.add((at - sent) / 1e6);
        Thread.sleep(5);
      }
      watch.unsubscribe();
      return hops;
    }
  }

  /**
   * Places a partition by its weight: the partitions sorted by id, the workers by id, partition {@code i} on worker
   * {@code (i + weight) mod n}. Raising one partition's weight by one moves that partition to the next worker and
   * nothing else. Pure and deterministic, as every strategy must be.
   */
  static final class ByWeight implements AssignmentStrategy {

    @Override
    public String name() {
      return "byWeight";
    }

    @Override
    public Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
      Map<Partition, String> owners = new HashMap<>();
      if (workers.isEmpty()) {
        return owners;
      }
      List<String> sortedWorkers = workers.stream().sorted().collect(Collectors.toList());
      List<Partition> sorted = partitions.stream().sorted(Comparator.comparing(Partition::id)).collect(Collectors.toList());
      for (int i = 0; i < sorted.size(); i++) {
        Partition p = sorted.get(i);
        owners.put(p, sortedWorkers.get((i + p.weight()) % sortedWorkers.size()));
      }
      return owners;
    }
  }
}
