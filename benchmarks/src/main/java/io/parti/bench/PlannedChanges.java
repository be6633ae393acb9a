package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.it.OwnershipRegistry.Interval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whole planned changes timed the way the Kafka consumer-group comparison times them (64 partitions, from the action
 * until every moved partition runs on its new owner), on fleets that go 4 → 5 → 4 workers again and again:
 * <ul>
 *   <li>{@code scaleUpTotalMs}: from the fifth worker's deployment to the last partition it takes running there</li>
 *   <li>{@code scaleUpCompletionMs}: from the first partition stopping on an old owner (the revoke commit, when any
 *       window is over) to the same end</li>
 *   <li>{@code gracefulLeaveTotalMs}: from a follower's undeployment to the last of its partitions running elsewhere</li>
 * </ul>
 * Presets compared with each other take turns, a few cycles each, in an order that rotates every round: measured
 * one after the other, the first would carry the JVM's warm-up and any slow spell of the shared machine alone.
 */
final class PlannedChanges {

  static final int PARTITIONS = 64;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  /** Medians over the cycles. */
  record Result(double scaleUpTotalMs, double scaleUpCompletionMs, double gracefulLeaveTotalMs) {
  }

  /** The samples of one preset, cycle by cycle. */
  private static final class Samples {
    final List<Double> scaleUp = new ArrayList<>();
    final List<Double> completion = new ArrayList<>();
    final List<Double> leave = new ArrayList<>();

    Result medians() {
      return new Result(median(scaleUp), median(completion), median(leave));
    }

    private static double median(List<Double> samples) {
      return BenchResults.median(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private PlannedChanges() {
  }

  /** Each preset's medians over {@code rounds} × {@code cyclesPerRound} cycles, the presets taking turns. */
  static Map<String, Result> compare(String url, Map<String, PartiOptions> presets, int rounds, int cyclesPerRound) throws Exception {
    List<String> names = new ArrayList<>(presets.keySet());
    Map<String, Samples> samples = new LinkedHashMap<>();
    names.forEach(name -> samples.put(name, new Samples()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round + i) % names.size());
        System.out.printf("planned changes, %s, round %d/%d:%n", name, round + 1, rounds);
        measure(url, presets.get(name), cyclesPerRound, samples.get(name));
      }
    }
    Map<String, Result> results = new LinkedHashMap<>();
    samples.forEach((name, s) -> results.put(name, s.medians()));
    return results;
  }

  private static void measure(String url, PartiOptions options, int cycles, Samples into) throws Exception {
    try (Fleet fleet = new Fleet(options, PARTITIONS)) {
      fleet.startSettled(4, url, options, SETTLE);
      for (int c = 0; c < cycles; c++) {
        long before = System.nanoTime();
        Fleet.Worker added = fleet.start(url);
        long t0 = added.deployAskedAt;
        fleet.awaitUntil(SETTLE, Duration.ofMillis(1), () -> fleet.registry.byWorker().containsKey(added.id())
            && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
        settleQuietly(fleet);
        List<Interval> runs = fleet.registry.intervals();
        long lastStart = runs.stream().filter(i -> i.worker().equals(added.id()) && i.start() > before)
            .mapToLong(Interval::start).max().orElseThrow();
        long firstStop = runs.stream().filter(i -> !i.worker().equals(added.id()) && i.stop() > before && i.stop() != Long.MAX_VALUE)
            .mapToLong(Interval::stop).min().orElse(t0);
        double scaleUp = (lastStart - t0) / 1e6;
        double completion = (lastStart - firstStop) / 1e6;

        Fleet.Worker leaving = fleet.workers().stream().filter(w -> !w.gone && !w.coordinator.isLeader()).findFirst().orElseThrow();
        String leaver = leaving.id();
        Set<String> itsPartitions = fleet.registry.byWorker().getOrDefault(leaver, Set.of());
        long t1 = System.nanoTime();
        leaving.stop();
        fleet.awaitUntil(SETTLE, Duration.ofMillis(1), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
        double leave = (fleet.registry.intervals().stream().filter(i -> itsPartitions.contains(i.partition()) && !i.worker().equals(leaver)
            && i.start() > t1).mapToLong(Interval::start).max().orElseThrow() - t1) / 1e6;
        settleQuietly(fleet);
        into.scaleUp.add(scaleUp);
        into.completion.add(completion);
        into.leave.add(leave);
        System.out.printf("  cycle %d: scale-up %.1f ms (completion %.1f ms), graceful leave %.1f ms%n", c + 1, scaleUp, completion, leave);
      }
    }
  }

  /** Waits until no run has started or stopped for a while: the change is over, later moves included. */
  private static void settleQuietly(Fleet fleet) throws InterruptedException {
    long quiet = 0;
    int seen = -1;
    while (quiet < 300) {
      List<Interval> runs = fleet.registry.intervals();
      int now = runs.size() + (int) runs.stream().filter(i -> i.stop() != Long.MAX_VALUE).count();
      quiet = now == seen ? quiet + 50 : 0;
      seen = now;
      Thread.sleep(50); // polling the recorder: nothing signals "no more moves"
    }
  }
}
