package io.parti.vertx.simulation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs many random histories on all cores and sums them up; a failing seed is run again with its trace. From the
 * command line: {@code SimulationRunner FIRST_SEED COUNT} or {@code SimulationRunner --replay SEED}.
 */
public final class SimulationRunner {

  /**
   * What a run of many histories found.
   *
   * @param histories      seeds run
   * @param steps          tasks run in all of them
   * @param violations     histories with a broken invariant
   * @param stalls         histories that did not converge, or did not stay converged, once faults stopped
   * @param faults         faults injected, by kind, over all histories
   * @param failedSeeds    every seed whose history failed, sorted
   * @param failures       the reports of the first failing seeds, with their traces
   * @param elapsedMillis  wall time
   */
  public record Summary(long histories, long steps, long violations, long stalls, Map<FaultKind, Long> faults,
                        List<Long> failedSeeds, List<String> failures, long elapsedMillis) {

    public double historiesPerSecond() {
      return histories * 1000.0 / Math.max(1, elapsedMillis);
    }
  }

  private static final int REPORTED = 3;

  private SimulationRunner() {
  }

  /** Runs seeds {@code first .. first + count - 1} on {@code threads} threads. */
  public static Summary run(long first, long count, int threads) throws InterruptedException {
    long started = System.nanoTime();
    AtomicLong next = new AtomicLong(first);
    long end = first + count;
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "simulation");
      t.setDaemon(true);
      return t;
    });
    List<Future<Partial>> parts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      parts.add(pool.submit(() -> {
        Partial part = new Partial();
        for (long seed = next.getAndIncrement(); seed < end; seed = next.getAndIncrement()) {
          part.add(Histories.run(seed, false));
        }
        return part;
      }));
    }
    Partial all = new Partial();
    try {
      for (Future<Partial> part : parts) {
        all.merge(part.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a history threw", e.getCause());
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    List<Long> failed = all.failedSeeds.stream().sorted().toList();
    List<String> failures = new ArrayList<>();
    failed.stream().limit(REPORTED).forEach(seed -> failures.add(Histories.replay(seed).report()));
    return new Summary(count, all.steps, all.violations, all.stalls, all.faults, failed, failures,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Sums of one thread's histories. */
  private static final class Partial {
    long steps;
    long violations;
    long stalls;
    final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    final List<Long> failedSeeds = new ArrayList<>();

    void add(HistoryResult r) {
      steps += r.steps();
      if (!r.violations().isEmpty()) {
        violations++;
      }
      if (r.stall() != null) {
        stalls++;
      }
      if (!r.ok()) {
        failedSeeds.add(r.seed());
      }
      r.faults().forEach((kind, n) -> faults.merge(kind, (long) n, Long::sum));
    }

    void merge(Partial other) {
      steps += other.steps;
      violations += other.violations;
      stalls += other.stalls;
      other.faults.forEach((kind, n) -> faults.merge(kind, n, Long::sum));
      failedSeeds.addAll(other.failedSeeds);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--replay")) {
      System.out.println(Histories.replay(Long.parseLong(args[1])).report());
      return;
    }
    long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
    long count = args.length > 1 ? Long.parseLong(args[1]) : 100;
    Summary s = run(first, count, Runtime.getRuntime().availableProcessors());
    s.failures().forEach(f -> System.out.println(f.lines().limit(12).reduce("", (a, b) -> a + b + "\n")));
    System.out.printf("%d histories, %d with violations, %d stalled, %d steps, %d ms (%.1f/s)%n", s.histories(), s.violations(),
        s.stalls(), s.steps(), s.elapsedMillis(), s.historiesPerSecond());
    System.out.println("faults " + s.faults());
    if (!s.failedSeeds().isEmpty()) {
      System.out.println("failed seeds " + s.failedSeeds());
    }
  }
}
