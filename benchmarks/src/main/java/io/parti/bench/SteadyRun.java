package io.parti.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady fleet under load, watched for false alarms: 5 workers and 40 partitions whose handlers keep every event
 * loop about a third busy, beside a thread that allocates about 200 MB/s and keeps 64 MB of it live (so the collector
 * runs all the time). Nothing is started or stopped, so every death declared, id lost, leader change or partition
 * stopped is a false alarm.
 */
final class SteadyRun {

  /**
   * What a run saw.
   *
   * @param deaths          emergency rebalances: a live worker declared dead
   * @param leaderChanges   workers that became leader after the fleet settled
   * @param idLosses        sessions that ended for a new claim (state CLAIMING_ID after the first)
   * @param stops           partition runs that ended
   * @param degraded        times a worker entered DEGRADED
   * @param gcCollections   collections during the run (the load on the heap), and their total and longest time in ms
   */
  record Result(long deaths, long leaderChanges, long idLosses, long stops, long degraded, long gcCollections, long gcTotalMs,
                long gcMaxMs) {
    long falseAlarms() {
      return deaths + leaderChanges + idLosses;
    }

    /** Every count by name, in the order above: the run's figures in the results and in its printed line. */
    Map<String, Long> figures() {
      Map<String, Long> figures = new LinkedHashMap<>();
      figures.put("deaths", deaths);
      figures.put("leaderChanges", leaderChanges);
      figures.put("idLosses", idLosses);
      figures.put("partitionStops", stops);
      figures.put("degradedEntries", degraded);
      figures.put("gcCollections", gcCollections);
      figures.put("gcTotalMs", gcTotalMs);
      figures.put("gcMaxMs", gcMaxMs);
      return figures;
    }
  }

  private static final int WORKERS = 5;
  private static final int PARTITIONS = 40;
  /** Each partition's handler works this long on its event loop every {@link #TICK_MS}. */
  private static final long WORK_NANOS = 700_000;
  private static final long TICK_MS = 20;

  private SteadyRun() {
  }

  static Result run(String url, PartiOptions options, Duration length) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Fleet fleet = new Fleet(options, PARTITIONS).meterRegistry(meters).partitionVerticles(nats -> ctx -> new Busy())) {
      fleet.startSettled(WORKERS, url, options, Duration.ofSeconds(30));
      AtomicLong leaderChanges = new AtomicLong();
      for (Fleet.Worker w : fleet.workers()) {
        w.vertx.eventBus().<JsonObject>consumer(PartiCoordinator.LEADERSHIP_ADDRESS, m -> {
          if (m.body().getBoolean("leader", false)) {
            leaderChanges.incrementAndGet();
          }
        });
      }
      long settledAt = System.nanoTime();
      int stateEventsBefore = fleet.stateEvents.size();
      double deathsBefore = count(meters, "parti.rebalances", "emergency");
      double degradedBefore = count(meters, "parti.degraded.entries", null);
      Thread pressure = allocationPressure();
      GcWatch gc = new GcWatch();
      try {
        Thread.sleep(length.toMillis()); // the run is the waiting: nothing is expected to happen
      } finally {
        pressure.interrupt();
        pressure.join();
        gc.close();
      }
      long idLosses = fleet.stateEvents.subList(stateEventsBefore, fleet.stateEvents.size()).stream()
          .filter(e -> "CLAIMING_ID".equals(e.getString("to")) && !"INIT".equals(e.getString("from"))).count();
      long stops = fleet.registry.intervals().stream().filter(i -> i.stop() > settledAt && i.stop() != Long.MAX_VALUE).count(); // MAX_VALUE: still running
      return new Result((long) (count(meters, "parti.rebalances", "emergency") - deathsBefore), leaderChanges.get(), idLosses,
          stops, (long) (count(meters, "parti.degraded.entries", null) - degradedBefore), gc.collections(), gc.totalMs(), gc.maxMs());
    }
  }

  private static double count(SimpleMeterRegistry meters, String name, String reason) {
    var search = meters.find(name);
    if (reason != null) {
      search = search.tag("reason", reason);
    }
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** About 200 MB/s of 64 KB arrays, the last 1,024 of them kept: young and old collections all along. */
  private static Thread allocationPressure() {
    Thread t = new Thread(() -> {
      byte[][] live = new byte[1024][];
      int next = 0;
      while (!Thread.currentThread().isInterrupted()) {
        live[next++ & 1023] = new byte[64 * 1024];
        LockSupport.parkNanos(300_000);
      }
    }, "allocation-pressure");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A partition handler that keeps its event loop busy {@link #WORK_NANOS} every {@link #TICK_MS}. */
  private static final class Busy implements Deployable {
    private Vertx vertx;
    private long timer;
    private long sink;

    @Override
    public Future<?> deploy(io.vertx.core.Context context) {
      vertx = context.owner();
      timer = vertx.setPeriodic(TICK_MS, id -> {
        long until = System.nanoTime() + WORK_NANOS;
        while (System.nanoTime() < until) {
          sink += Long.rotateLeft(sink, 7) ^ until;
        }
      });
      return Future.succeededFuture();
    }

    @Override
    public Future<?> undeploy(io.vertx.core.Context context) {
      vertx.cancelTimer(timer);
      return Future.succeededFuture();
    }
  }
}
