package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.it.OwnershipRegistry.Interval;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code benchmarks/run handoff}: the two-phase hand-off under planned changes (fast preset, 64 partitions),
 * measured by the ownership recorder.
 * <ul>
 *   <li>{@code overlaps}: times a partition started on one worker while it still ran on another (must be 0)</li>
 *   <li>{@code gapMedianMs}, {@code gapP99Ms}: how long a moved partition ran nowhere, over every move of
 *       repeated 4→5 and 5→4 scalings</li>
 *   <li>{@code moves}: how many moves those figures cover</li>
 *   <li>{@code rollingRestartMs}: median time to restart 5 workers one after the other: each a graceful stop,
 *       then a new process, then waiting until that process runs its share of the partitions again</li>
 *   <li>{@code breakdownMedianMs}: the median of each step of a move ({@link HandoffTrace#steps}), from the
 *       coordinators' TRACE lines over more 4→5→4 cycles, and {@code breakdownMoves}, how many moves they cover</li>
 *   <li>{@code loneMoveGapMedianMs}, {@code loneMoveGapP99Ms}, {@code loneMoves}, {@code loneMoveBreakdownMedianMs}: the
 *       same for planned moves one at a time in an idle fleet ({@link LoneMoves}): the protocol's own cost, without 16
 *       moves at once competing for two cores; {@code kvHopMedianMs}, {@code kvHopP99Ms}: the floor in the same run, a
 *       bare jnats KV put reaching a jnats KV watch</li>
 *   <li>{@code scaleUpTotalMs}, {@code scaleUpCompletionMs}, {@code gracefulLeaveTotalMs}: whole changes with the
 *       sub-second preset ({@link PlannedChanges}); the same under {@code subSecond}, {@code handTuned} (the baseline,
 *       {@link PresetTimings#handTuned()}) and {@code fast}</li>
 * </ul>
 */
public final class HandoffBench {

  private static final PartiOptions FAST = PartiOptions.fast();
  private static final int PARTITIONS = 64;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private HandoffBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    int cycles = quick ? 4 : 12;
    int restarts = quick ? 1 : 3;
    List<Double> gaps = new ArrayList<>();
    int overlaps = 0;
    double[] rolling = new double[restarts];
    try (NatsServer nats = NatsServer.start()) {
      try (Fleet fleet = new Fleet(FAST, PARTITIONS)) {
        for (int i = 0; i < 4; i++) {
          fleet.start(nats.url());
        }
        settle(fleet);
        for (int c = 0; c < cycles; c++) {
          fleet.start(nats.url());
          settle(fleet);
          List<Fleet.Worker> live = fleet.workers().stream().filter(w -> !w.gone).collect(Collectors.toList());
          live.get(c % live.size()).stop();
          settle(fleet);
          System.out.printf("cycle %d/%d done%n", c + 1, cycles);
        }
        gaps.addAll(gaps(fleet));
        overlaps += fleet.registry.overlaps().size();
      }
      for (int r = 0; r < restarts; r++) {
        try (Fleet fleet = new Fleet(FAST, PARTITIONS)) {
          for (int i = 0; i < 5; i++) {
            fleet.start(nats.url());
          }
          settle(fleet);
          long t0 = System.nanoTime();
          for (Fleet.Worker w : fleet.workers()) {
            w.stop();
            Fleet.Worker replacement = fleet.start(nats.url());
            // A restart is done when the new process carries its share again, not merely when it joined.
            fleet.awaitUntil(SETTLE, () -> fleet.registry.byWorker().containsKey(replacement.id())
                && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
          }
          rolling[r] = (System.nanoTime() - t0) / 1e6;
          gaps.addAll(gaps(fleet));
          overlaps += fleet.registry.overlaps().size();
          System.out.printf("rolling restart %d/%d: %.0f ms%n", r + 1, restarts, rolling[r]);
        }
      }
    }
    double[] g = array(gaps);
    BenchResults results = new BenchResults("handoff")
        .put("overlaps", overlaps)
        .put("gapMedianMs", BenchResults.median(g))
        .put("gapP99Ms", BenchResults.percentile(g, 99))
        .put("gapMaxMs", BenchResults.percentile(g, 100))
        .put("moves", g.length)
        .put("rollingRestartMs", BenchResults.median(rolling));
    try (NatsServer nats = NatsServer.start()) {
      Map<String, List<Double>> steps = traceMoves(nats, cycles);
      results.put("breakdownMedianMs", medians(steps)).put("breakdownMoves", steps.get("gap").size());
      LoneMoves.Result lone = LoneMoves.run(nats.url(), FAST, quick ? 24 : 60);
      double[] loneGaps = array(lone.gaps());
      double[] hops = array(lone.kvHops());
      results.put("loneMoveGapMedianMs", BenchResults.median(loneGaps)).put("loneMoveGapP99Ms", BenchResults.percentile(loneGaps, 99))
          .put("loneMoves", loneGaps.length).put("loneMoveBreakdownMedianMs", medians(lone.steps()))
          .put("kvHopMedianMs", BenchResults.median(hops)).put("kvHopP99Ms", BenchResults.percentile(hops, 99));
      Map<String, PartiOptions> presets = new LinkedHashMap<>();
      presets.put("subSecond", PartiOptions.subSecond());
      presets.put("handTuned", PresetTimings.handTuned());
      presets.put("fast", FAST);
      // Taking turns, 3 cycles at a time (see PlannedChanges): 9 cycles each, 6 with --quick.
      Map<String, PlannedChanges.Result> changes = PlannedChanges.compare(nats.url(), presets, quick ? 2 : 3, 3);
      PlannedChanges.Result sub = changes.get("subSecond");
      results.put("scaleUpTotalMs", sub.scaleUpTotalMs()).put("scaleUpCompletionMs", sub.scaleUpCompletionMs())
          .put("gracefulLeaveTotalMs", sub.gracefulLeaveTotalMs());
      changes.forEach((name, r) -> results.put(name, Map.of("scaleUpTotalMs", r.scaleUpTotalMs(),
          "scaleUpCompletionMs", r.scaleUpCompletionMs(), "gracefulLeaveTotalMs", r.gracefulLeaveTotalMs())));
    }
    results.write();
    System.exit(0);
  }

  /** Scales a fleet 4 → 5 → 4 with the coordinators' hand-off steps traced; returns each step's times over the moves. */
  private static Map<String, List<Double>> traceMoves(NatsServer nats, int cycles) throws Exception {
    try (Fleet fleet = new Fleet(FAST, PARTITIONS); HandoffTrace trace = new HandoffTrace()) {
      fleet.startSettled(4, nats.url(), FAST, SETTLE);
      for (int c = 0; c < cycles; c++) {
        fleet.start(nats.url());
        settle(fleet);
        fleet.workers().stream().filter(w -> !w.gone && !w.coordinator.isLeader()).findFirst().orElseThrow().stop();
        settle(fleet);
      }
      return trace.steps();
    }
  }

  private static Map<String, Double> medians(Map<String, List<Double>> steps) {
    Map<String, Double> medians = new LinkedHashMap<>();
    steps.forEach((step, ms) -> medians.put(step, BenchResults.median(array(ms))));
    return medians;
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void settle(Fleet fleet) {
    fleet.awaitUntil(SETTLE, () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
  }

  /** For every partition, the time between one run's stop and the next run's start, in ms. */
  static List<Double> gaps(Fleet fleet) {
    Map<String, List<Interval>> runs = fleet.registry.intervals().stream()
        .collect(Collectors.groupingBy(Interval::partition));
    List<Double> gaps = new ArrayList<>();
    for (List<Interval> list : runs.values()) {
      list.sort(Comparator.comparingLong(Interval::start));
      for (int i = 1; i < list.size(); i++) {
        gaps.add((list.get(i).start() - list.get(i - 1).stop()) / 1e6);
      }
    }
    return gaps;
  }
}
