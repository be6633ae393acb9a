package io.parti.vertx.it;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinators' meters tell what happened to the fleet, and leave nothing behind. */
class MetricsIT extends FleetTest {

  private static final int PARTITIONS = 24;

  @Test
  void aScriptedScenarioIsCountedAndEveryMeterGoesWithItsCoordinator(NatsServer nats) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Fleet fleet = new Fleet(PartiOptions.fast(), PARTITIONS).meterRegistry(registry)) {
      // Cold start of three.
      for (int i = 0; i < 3; i++) {
        fleet.startAsync(nats.url(), PartiOptions.fast());
      }
      awaitSettled(fleet, registry, 3, "cold-start");
      // One joins (a planned scale-up), one crashes (not the leader), one leaves gracefully.
      fleet.start(nats.url());
      awaitSettled(fleet, registry, 4, "planned");
      fleet.workers().stream().filter(w -> !w.coordinator.isLeader()).findFirst().orElseThrow().crash();
      awaitSettled(fleet, registry, 3, "emergency");
      Fleet.Worker leaving = fleet.workers().stream().filter(w -> !w.gone && !w.coordinator.isLeader()).findFirst().orElseThrow();
      leaving.stop();
      awaitSettled(fleet, registry, 2, "leave");

      List<Fleet.Worker> live = fleet.workers().stream().filter(w -> !w.gone).toList();
      assertThat(sum(registry, "parti.partitions.owned")).as("owned gauges").isEqualTo(PARTITIONS);
      assertThat(sum(registry, "parti.leader")).as("leader gauges").isEqualTo(1);
      assertThat(registry.find("parti.partitions.owned").gauges()).as("gone workers keep no gauges").hasSize(live.size());
      long moves = moves(fleet);
      assertThat(moves).as("partitions moved, from the runs").isPositive();
      assertThat(registry.find("parti.handoff.duration").timers().stream().mapToLong(t -> t.count()).sum())
          .as("hand-offs timed, one per moved partition").isEqualTo(moves);
      assertThat(registry.find("parti.failover.duration").timers().stream().mapToLong(t -> t.count()).sum())
          .as("partitions taken from the crashed worker").isPositive();
      assertThat(registry.find("parti.kv.operation").tag("operation", "update").timers()).isNotEmpty();
      assertThat(registry.scrape()).contains("parti_partitions_owned", "parti_rebalances_total", "parti_handoff_duration_seconds");
    }
    assertThat(partiMeters(registry)).as("meters left after every coordinator was undeployed").isEmpty();
  }

  /** Without a registry of its own, a coordinator registers in the one of Vert.x's Micrometer metrics. */
  @Test
  void aCoordinatorRegistersInTheRegistryOfVertxMicrometerMetrics(NatsServer nats) throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)))).build();
    try (Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build())) {
      MeterRegistry registry = BackendRegistries.getDefaultNow();
      assertThat(registry).isNotNull();
      PartiCoordinator coordinator = PartiCoordinator.create(connection, PartiOptions.fast().setGroup("vertx-metrics"),
          PartitionSource.fixed(List.of(Partition.of("a"), Partition.of("b"), Partition.of("c"), Partition.of("d"))), AssignmentStrategy.consistentHash())
          .partitionVerticles(ctx -> new io.vertx.core.VerticleBase() { });
      String id = Fleet.await(vertx.deployVerticle(coordinator));
      assertThat(registry.find("parti.partitions.owned").tag("group", "vertx-metrics").tag("worker", coordinator.workerId())
          .gauge().value()).isEqualTo(4);
      Fleet.await(vertx.undeploy(id));
      assertThat(partiMeters(registry)).isEmpty();
    } finally {
      Fleet.await(vertx.close());
    }
  }

  /** Waits until {@code workers} live workers own every partition once and a rebalance with {@code reason} settled. */
  private static void awaitSettled(Fleet fleet, MeterRegistry registry, int workers, String reason) {
    fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.liveWorkerIds().size() == workers
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
        && registry.find("parti.rebalances").tag("reason", reason).counters().stream().mapToDouble(c -> c.count()).sum() >= 1
        && sum(registry, "parti.partitions.unowned") == 0
        && sum(registry, "parti.partitions.owned") == PARTITIONS);
  }

  private static double sum(MeterRegistry registry, String gauge) {
    return Search.in(registry).name(gauge).gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  private static List<Meter> partiMeters(MeterRegistry registry) {
    return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("parti.")).collect(Collectors.toList());
  }

  /** Partition runs that followed a run of the same partition on another worker. */
  private static long moves(Fleet fleet) {
    Map<String, List<OwnershipRegistry.Interval>> byPartition = fleet.registry.intervals().stream()
        .collect(Collectors.groupingBy(OwnershipRegistry.Interval::partition));
    long moves = 0;
    for (List<OwnershipRegistry.Interval> runs : byPartition.values()) {
      List<OwnershipRegistry.Interval> sorted = new ArrayList<>(runs);
      sorted.sort(Comparator.comparingLong(OwnershipRegistry.Interval::start));
      for (int i = 1; i < sorted.size(); i++) {
        moves += sorted.get(i).worker().equals(sorted.get(i - 1).worker()) ? 0 : 1;
      }
    }
    return moves;
  }
}
