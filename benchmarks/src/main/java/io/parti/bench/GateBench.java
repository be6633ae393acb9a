package io.parti.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.bench.gate.GateFixture;
import io.parti.bench.gate.MovesPhase;
import io.parti.bench.gate.RawPullLoop;
import io.parti.bench.gate.Round;
import io.parti.bench.gate.Tally;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static io.parti.bench.gate.GateFixture.PARTITIONS;
import static io.parti.bench.gate.GateFixture.await;
import static io.parti.bench.gate.Stats.round1;
import static io.parti.bench.gate.Stats.round3;

/**
 * {@code benchmarks/run gate [--quick]}: what the worker consumer ({@link WorkerConsumer#jetStream}: the partition's
 * gate checked before every message, each message handed from the fetch thread to the partition verticle's context,
 * acked when the handler's future completes) costs against a plain jnats pull loop, and what a move costs its
 * messages. One local nats-server, a memory stream {@value GateFixture#STREAM} on {@code orders.<p>.x}, 16 partitions
 * {@code 0..15}, the fast preset; every connection uses {@link PartiCoordinator#recommendedConnectionOptions()}
 * (see {@link GateFixture}).
 * <p>
 * <b>Phase 1, throughput.</b> Each round recreates the stream and publishes {@code N} messages (20,000; 10,000 with
 * {@code --quick}), message {@code i} on partition {@code i mod 16} with payload {@code i}, then consumes them all
 * with fresh durables (one per partition, batch 100, max ack pending 1000, ack wait 30 s, explicit ack), timed from
 * the consumer's start until every id was handled:
 * <ul>
 *   <li>gated: one coordinator (its own Vert.x with default options, and its own connection) owning all 16
 *       partitions, whose handler records the id and returns {@code Future.succeededFuture()}; timed from the first
 *       partition verticle's creation (after the join, which is not timed: {@code gatedJoinMs});</li>
 *   <li>raw ({@link RawPullLoop}): one connection, a thread per partition doing {@code addOrUpdateConsumer} (the same
 *       durable settings), a fast-bound pull subscription, then {@code iterate(100, 2 s)} and {@code ack()} per
 *       message; timed from the threads' start.</li>
 * </ul>
 * Rounds alternate gated, gated with metrics (Vert.x's Micrometer metrics on a Prometheus registry, so every
 * coordinator and consumer meter records), raw, and so on; the first pairs warm the JIT up and are not counted (5, and 3 with
 * {@code --quick}; 21 and 9 pairs are measured). Figures: the medians {@code gatedMsgsPerSec} and
 * {@code rawMsgsPerSec}; {@code ratio} = median gated / median raw (goal at least 0.95); {@code ratioWithMetrics},
 * {@code gatedWithMetricsMsgsPerSec} and {@code gatedWithMetricsCpuUsPerMsg}, the same with metrics on; {@code pairRatioMedian},
 * {@code pairRatioMin}, {@code pairRatioMax}: the median and spread over pairs of gated / raw;
 * {@code gatedCpuUsPerMsg} and {@code rawCpuUsPerMsg}, the medians of this JVM's CPU time (every thread, not
 * nats-server's) over the timed part of a round per message (the process CPU clock ticks in 10 ms); {@code lost} and
 * {@code duplicates} over every gated round, warm-ups included (ids never handled; handlings of an id beyond its
 * first), and the same for raw; {@code throughputDisconnects}, disconnections of any round's connection.
 * <p>
 * <b>Phase 2, moves</b> ({@link MovesPhase}, which lists its figures). Four coordinators consume the stream while a
 * producer publishes steadily; then cycles of "a fifth coordinator joins; one leaves gracefully" (2 cycles with
 * {@code --quick}, 6 without): losses, duplicates and hand-off pauses across the moves.
 */
public final class GateBench {

  private GateBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    int messages = quick ? 10_000 : 20_000;
    int pairs = quick ? 9 : 21;
    int warmups = quick ? 3 : 5;
    int cycles = quick ? 2 : 6;
    // Hidden knob for profiling: --event-loops=N for the gated worker (default: Vert.x's own default).
    int eventLoops = Arrays.stream(args).filter(a -> a.startsWith("--event-loops="))
        .mapToInt(a -> Integer.parseInt(a.substring("--event-loops=".length()))).findFirst().orElse(0);
    BenchResults results = new BenchResults("gate");
    try (NatsServer nats = NatsServer.start(); Connection admin = Nats.connect(nats.url())) {
      throughput(nats, admin, messages, warmups, pairs, eventLoops, results);
      MovesPhase.run(nats, admin, cycles, results);
    }
    results.write();
    System.exit(0);
  }

  private static void throughput(NatsServer nats, Connection admin, int messages, int warmups, int pairs, int eventLoops,
                                 BenchResults results) throws Exception {
    double[] gated = new double[pairs];
    double[] metered = new double[pairs];
    double[] meteredCpu = new double[pairs];
    double[] raw = new double[pairs];
    double[] ratios = new double[pairs];
    double[] joins = new double[pairs];
    double[] gatedCpu = new double[pairs];
    double[] rawCpu = new double[pairs];
    int lost = 0;
    long duplicates = 0;
    int rawLost = 0;
    long rawDuplicates = 0;
    long disconnects = 0;
    for (int r = -warmups; r < pairs; r++) {
      GateFixture.recreateStream(admin);
      GateFixture.publishNumbered(admin, messages);
      Round g = gatedRound(nats, messages, eventLoops, false);
      GateFixture.recreateStream(admin);
      GateFixture.publishNumbered(admin, messages);
      Round m = gatedRound(nats, messages, eventLoops, true);
      GateFixture.recreateStream(admin);
      GateFixture.publishNumbered(admin, messages);
      Round w = RawPullLoop.round(nats, messages);
      System.out.printf("%s pair %d: gated %.0f msgs/s %.1f us CPU/msg (join %.0f ms, lost %d, dup %d, disconnects %d), "
              + "with metrics %.0f msgs/s %.1f us CPU/msg, raw %.0f msgs/s %.1f us CPU/msg (lost %d, dup %d, disconnects %d)%n",
          r < 0 ? "warm-up" : "measured", r < 0 ? r + warmups + 1 : r + 1, g.msgsPerSec(), g.cpuUsPerMsg(), g.joinMs(),
          g.lost(), g.duplicates(), g.disconnects(), m.msgsPerSec(), m.cpuUsPerMsg(), w.msgsPerSec(), w.cpuUsPerMsg(),
          w.lost(), w.duplicates(), w.disconnects());
      if (r >= 0) {
        gated[r] = g.msgsPerSec();
        metered[r] = m.msgsPerSec();
        meteredCpu[r] = m.cpuUsPerMsg();
        raw[r] = w.msgsPerSec();
        ratios[r] = g.msgsPerSec() / w.msgsPerSec();
        joins[r] = g.joinMs();
        gatedCpu[r] = g.cpuUsPerMsg();
        rawCpu[r] = w.cpuUsPerMsg();
      }
      // Every round counts for loss and duplicates, warm-ups too.
      lost += g.lost() + m.lost();
      duplicates += g.duplicates() + m.duplicates();
      rawLost += w.lost();
      rawDuplicates += w.duplicates();
      disconnects += g.disconnects() + m.disconnects() + w.disconnects();
    }
    double gatedMedian = BenchResults.median(gated);
    double rawMedian = BenchResults.median(raw);
    results.put("gatedMsgsPerSec", Math.round(gatedMedian))
        .put("rawMsgsPerSec", Math.round(rawMedian))
        .put("ratio", round3(gatedMedian / rawMedian))
        .put("gatedWithMetricsMsgsPerSec", Math.round(BenchResults.median(metered)))
        .put("ratioWithMetrics", round3(BenchResults.median(metered) / rawMedian))
        .put("gatedWithMetricsCpuUsPerMsg", round1(BenchResults.median(meteredCpu)))
        .put("pairRatioMedian", round3(BenchResults.median(ratios)))
        .put("pairRatioMin", round3(BenchResults.percentile(ratios, 0)))
        .put("pairRatioMax", round3(BenchResults.percentile(ratios, 100)))
        .put("gatedCpuUsPerMsg", round1(BenchResults.median(gatedCpu)))
        .put("rawCpuUsPerMsg", round1(BenchResults.median(rawCpu)))
        .put("lost", lost)
        .put("duplicates", duplicates)
        .put("rawLost", rawLost)
        .put("rawDuplicates", rawDuplicates)
        .put("throughputDisconnects", disconnects)
        .put("messagesPerRound", messages)
        .put("pairsOfRounds", pairs)
        .put("warmUpPairs", warmups)
        .put("partitions", PARTITIONS)
        .put("gatedJoinMs", Math.round(BenchResults.median(joins)));
  }

  /**
   * The gated consumer: one coordinator owning every partition; timed from its first partition verticle. With
   * {@code metrics}, Vert.x runs with Micrometer metrics on a Prometheus registry, which the coordinator and the
   * consumers then record into.
   */
  private static Round gatedRound(NatsServer nats, int messages, int eventLoops, boolean metrics) throws Exception {
    Tally tally = new Tally(messages);
    VertxOptions options = new VertxOptions();
    if (eventLoops > 0) {
      options.setEventLoopPoolSize(eventLoops);
    }
    if (metrics) {
      options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    }
    Vertx vertx = Vertx.builder().with(options).build();
    LongAdder disconnects = new LongAdder();
    Connection connection = GateFixture.connect(nats, disconnects);
    try {
      WorkerConsumer consumer = WorkerConsumer.jetStream(connection, GateFixture.consumerOptions(GateFixture.ACK_WAIT),
          (partition, message) -> {
            tally.record(message.getData());
            return Future.succeededFuture();
          });
      AtomicLong firstVerticle = new AtomicLong(Long.MIN_VALUE);
      AtomicLong cpuAtStart = new AtomicLong();
      PartiCoordinator coordinator = GateFixture.coordinator(connection, GateFixture.newGroup("gate"))
          .partitionVerticles(ctx -> {
            if (firstVerticle.compareAndSet(Long.MIN_VALUE, System.nanoTime())) {
              cpuAtStart.set(Round.processCpuNanos());
            }
            return consumer.create(ctx);
          });
      long deployAt = System.nanoTime();
      await(vertx.deployVerticle(coordinator));
      boolean complete = tally.await(GateFixture.ROUND_TIMEOUT);
      long cpu = Round.processCpuNanos() - cpuAtStart.get();
      long start = firstVerticle.get();
      long end = complete ? tally.doneAt() : System.nanoTime();
      // Torn down as a crash (connection, then Vert.x): the stream is deleted before the next round anyway.
      return Round.of(tally, start, end, cpu, (start - deployAt) / 1e6, disconnects.sum());
    } finally {
      connection.close();
      await(vertx.close());
    }
  }
}
