package io.parti.vertx.it.chaos;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.it.LedgerProducer;
import io.parti.vertx.it.MessageLedger;
import io.parti.vertx.it.OwnershipRegistry;
import io.parti.vertx.testkit.NatsCluster;
import io.parti.vertx.testkit.NatsServer;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A seeded chaos run against a 3-node JetStream cluster: worker processes (the {@code fast()} preset, {@code FENCE},
 * 3-replica buckets) consume a 3-replica stream with the worker consumer while a producer publishes at a steady pace
 * and faults follow one another: crashes, graceful restarts, scaling up and down, node kills, cuts and delays of one
 * worker's traffic. The seed draws the faults' order (every kind once per round, shuffled), targets and durations.
 * After each fault the run waits for the fleet to converge (every partition once on a live worker in contact), then
 * a pause; once the duration is up it stops the producer, waits for every message to be handled and checks the
 * ledger and the ownership recorder ({@link ChaosReport}).
 */
public final class ChaosRun {

  /** What to run: 5 workers, 64 partitions and 200 messages a second unless said otherwise. */
  public record Settings(long seed, Duration duration, int workers, int partitions, int messagesPerSecond) {

    public static Settings of(long seed, Duration duration) {
      return new Settings(seed, duration, 5, 64, 200);
    }

    /** From {@code -Dchaos.seed} (a fresh seed when unset or blank) and {@code -Dchaos.duration} (ISO-8601). */
    public static Settings fromSystemProperties(Duration defaultDuration) {
      String seed = System.getProperty("chaos.seed", "").trim();
      String duration = System.getProperty("chaos.duration", "").trim();
      return of(seed.isEmpty() ? freshSeed() : Long.parseLong(seed), duration.isEmpty() ? defaultDuration : Duration.parse(duration));
    }

    /** A seed below 10^12, so it prints whole in a JSON number. */
    public static long freshSeed() {
      return ThreadLocalRandom.current().nextLong(1_000_000_000_000L);
    }

    /** The system properties that replay this run. */
    public String replay() {
      return "-Dchaos.seed=" + seed + " -Dchaos.duration=" + duration;
    }
  }

  /**
   * {@code fast()} with an id lease well past the death bound, as with the defaults (lease deadline 28.5 s, death
   * bound 9 s): with {@code fast()}'s own 3 s a cut-off worker gives its id up (and stops) about when its partitions
   * move, fencing or not, and a run could not tell whether {@code FENCE} works.
   */
  static final PartiOptions OPTIONS = PartiOptions.fast().setWorkerIdTtl(Duration.ofSeconds(10)).setBucketReplicas(3)
      .setDegradedPolicy(DegradedPolicy.FENCE);
  static final int MAX_ACK_PENDING = 20;
  private static final String STREAM = "CHAOS";
  private static final String SUBJECT = "chaos.{{partition}}.x";
  private static final long HANDLER_MS = 5;
  private static final Duration CONVERGENCE_LIMIT = Duration.ofSeconds(60);

  private final NatsCluster cluster;
  private final Settings settings;
  private final Random random;
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  /** One line per fault, with the wall-clock time it began (to find it in the coordinators' log lines). */
  private final List<String> log = new ArrayList<>();
  private final MessageLedger ledger = new MessageLedger(HANDLER_MS);
  private ChaosFleet workers;
  /** When the producer started ({@link System#nanoTime()}): problems give times as seconds after it. */
  private long origin;

  private ChaosRun(NatsCluster cluster, Settings settings) {
    this.cluster = cluster;
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  /** Runs the chaos for {@code settings.duration()} on {@code cluster} (whole again when it returns). */
  public static ChaosReport run(NatsCluster cluster, Settings settings) throws Exception {
    return new ChaosRun(cluster, settings).run();
  }

  private ChaosReport run() throws Exception {
    Options admin = new Options.Builder().servers(cluster.urls().split(",")).maxReconnects(-1).build();
    try (Connection connection = Nats.connect(admin)) {
      JetStreamManagement jsm = connection.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects("chaos.>").replicas(3).storageType(StorageType.File).build());
      try (ChaosFleet chaos = new ChaosFleet(cluster, OPTIONS, settings.partitions(), consumerOptions(), ledger)) {
        workers = chaos;
        workers.startSettled(settings.workers(), CONVERGENCE_LIMIT);
        try (LedgerProducer producer = new LedgerProducer(connection, id -> "chaos.p" + id % settings.partitions() + ".x",
            settings.messagesPerSecond(), Long.MAX_VALUE, ledger)) {
          origin = System.nanoTime();
          injectFaults();
          producer.stop(Duration.ofSeconds(30));
        }
        try {
          workers.fleet.awaitUntil(CONVERGENCE_LIMIT, Duration.ofMillis(200), ledger::allHandled);
        } catch (AssertionError e) {
          problems.add("not every published message was handled within " + CONVERGENCE_LIMIT + ": " + e.getMessage());
        }
        return report(workers.fleet.registry, jsm);
      } finally {
        jsm.deleteStream(STREAM); // a later run on the same cluster starts from an empty stream
      }
    }
  }

  private WorkerConsumerOptions consumerOptions() {
    return new WorkerConsumerOptions().setStream(STREAM).setSubject(SUBJECT).setMaxAckPending(MAX_ACK_PENDING)
        .setBatchSize(10).setMaxConcurrency(4).setAckWait(Duration.ofSeconds(3)).setDrainTimeout(OPTIONS.getDrainTimeout());
  }

  /** Faults one after the other until the duration is up, each followed by convergence and a pause of up to 1 s. */
  private void injectFaults() throws InterruptedException {
    long deadline = System.nanoTime() + settings.duration().toNanos();
    Deque<FaultKind> round = new ArrayDeque<>();
    while (System.nanoTime() < deadline && problems.isEmpty()) {
      if (round.isEmpty()) {
        List<FaultKind> kinds = new ArrayList<>(Arrays.asList(FaultKind.values()));
        Collections.shuffle(kinds, random);
        round.addAll(kinds);
      }
      FaultKind kind = round.poll();
      try {
        inject(kind);
      } catch (Exception | AssertionError e) {
        problems.add(kind.label + " failed after " + faults.size() + " faults: " + e);
      }
      Thread.sleep(random.nextInt(1000));
    }
  }

  private void inject(FaultKind kind) throws Exception {
    LocalTime clock = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    long start = System.nanoTime();
    String target;
    String exposed = null;
    switch (kind) {
      case CRASH -> {
        target = exposed = pick();
        workers.crash(target);
        hold(200, 3000);
        workers.start();
      }
      case RESTART -> {
        target = pick();
        workers.stop(target);
        workers.start();
      }
      case SCALE_UP -> {
        target = workers.start();
        hold(1000, 4000);
        String leaver = pick();
        workers.stop(leaver);
        target += " joined, " + leaver + " left";
      }
      case SCALE_DOWN -> {
        target = pick();
        workers.stop(target);
        hold(1000, 4000);
        workers.start();
      }
      case NODE_KILL -> {
        NatsServer node = cluster.node(random.nextInt(cluster.nodes().size()));
        target = node.name();
        node.kill();
        hold(1000, 4000);
        node.restart();
        cluster.awaitMetaLeader();
      }
      case CUT -> {
        target = exposed = pick();
        workers.link(target).cut();
        hold(500, 5000);
        workers.link(target).heal();
      }
      case DELAY -> {
        target = exposed = pick();
        workers.link(target).delay();
        hold(300, 2500);
        workers.link(target).heal();
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
    long end = System.nanoTime();
    long convergenceMs;
    try {
      convergenceMs = workers.awaitConverged(settings.workers(), CONVERGENCE_LIMIT);
    } catch (AssertionError e) {
      convergenceMs = -1;
      problems.add("the fleet did not converge after " + kind.label + " " + target + ": " + e.getMessage());
    }
    Fault fault = new Fault(kind, target, exposed, start, end, convergenceMs);
    faults.add(fault);
    log.add(clock + String.format(Locale.ROOT, " (+%.1f s) ", (start - origin) / 1e9) + fault);
    System.out.println("chaos: " + log.get(log.size() - 1));
  }

  /**
   * Per partition with lost messages, what its durable says (ack floor, delivered, pending): whether the stream still
   * holds them for it or moved past them.
   */
  private List<String> whereLost(List<Long> lost, JetStreamManagement jsm) {
    Map<String, List<Long>> byPartition = lost.stream().collect(
        Collectors.groupingBy(id -> "p" + id % settings.partitions(), TreeMap::new, Collectors.toList()));
    List<String> lines = new ArrayList<>();
    byPartition.forEach((partition, ids) -> {
      String durable = workers.durableName(partition);
      String state;
      try {
        ConsumerInfo info = jsm.getConsumerInfo(STREAM, durable);
        state = "ack floor " + info.getAckFloor().getStreamSequence() + ", delivered " + info.getDelivered().getStreamSequence()
            + ", pending " + info.getNumPending() + ", ack pending " + info.getNumAckPending() + ", redelivered "
            + info.getRedelivered() + ", waiting " + info.getNumWaiting();
      } catch (IOException | JetStreamApiException e) {
        state = "no consumer info: " + e;
      }
      lines.add(ids.size() + " lost in " + partition + " at stream sequences "
          + ids.stream().limit(10).map(ledger::streamSequence).toList() + "; durable " + durable + ": " + state);
    });
    return lines;
  }

  /** A live process, drawn from the seed. */
  private String pick() {
    List<String> names = workers.names();
    return names.get(random.nextInt(names.size()));
  }

  /** Keeps the fault on for a time drawn from the seed, in [min, max) ms. */
  private void hold(int minMillis, int maxMillis) throws InterruptedException {
    Thread.sleep(minMillis + random.nextInt(maxMillis - minMillis));
  }

  private ChaosReport report(OwnershipRegistry registry, JetStreamManagement jsm) {
    List<String> overlaps = new ArrayList<>(registry.overlaps());
    overlaps.addAll(ledger.overlaps());
    problems.addAll(overlaps);
    problems.addAll(registry.epochRegressions().stream().map(r -> "owner epoch went back: " + r).toList());
    problems.addAll(registry.stoppedWhileOwned().stream().map(r -> "stopped before its gate closed: " + r).toList());
    ledger.runsByPartition().forEach((partition, runs) -> runs.stream()
        .filter(run -> !run.subject().equals(SUBJECT.replace("{{partition}}", partition))).limit(5)
        .forEach(run -> problems.add("message " + run.id() + " on " + run.subject() + " handled as one of " + partition)));
    List<Long> lost = ledger.lost();
    if (!lost.isEmpty()) {
      problems.add(lost.size() + " messages lost, the first " + lost.subList(0, Math.min(20, lost.size())));
      problems.addAll(whereLost(lost, jsm));
    }
    DuplicateAccount duplicates = new DuplicateAccount(ledger.repeated(), faults, MAX_ACK_PENDING, origin);
    problems.addAll(duplicates.unexplained);
    problems.addAll(duplicates.overBound);
    Map<String, Integer> byKind = new LinkedHashMap<>();
    Map<String, Long> convergence = new LinkedHashMap<>();
    for (FaultKind kind : FaultKind.values()) {
      byKind.put(kind.label, 0);
      convergence.put(kind.label, 0L);
    }
    faults.forEach(f -> {
      byKind.merge(f.kind().label, 1, Integer::sum);
      convergence.merge(f.kind().label, f.convergenceMs(), Math::max);
    });
    return new ChaosReport(settings.seed(), byKind, overlaps.size(), ledger.publishedCount(), lost.size(), duplicates.total,
        duplicates.byCause, convergence.values().stream().mapToLong(Long::longValue).max().orElse(0), convergence,
        List.copyOf(problems), List.copyOf(log));
  }
}
