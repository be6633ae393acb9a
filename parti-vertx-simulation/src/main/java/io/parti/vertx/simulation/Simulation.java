package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.source.PartitionListCodec;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One simulated history: a simulated JetStream server, processes running real coordinators, faults, the runs of
 * every partition, and the invariants checked at the end of every instant. Everything is driven by one seed on
 * one thread, so a seed replays exactly.
 */
public final class Simulation {

  /** Where the partitions come from. */
  public enum Source { FIXED, KV }

  static final String LIST_BUCKET = "sim-partitions";
  static final String LIST_KEY = "list";

  private final long seed;
  private final SplittableRandom random;
  private final PartiOptions options;
  private final EventQueue queue = new EventQueue();
  private final SimServer server = new SimServer(this);
  private final Faults faults;
  private final Runs runs = new Runs(this);
  private final Checker checker;
  private final Source source;
  private final List<Partition> fixed;
  private final Supplier<AssignmentStrategy> strategy;
  private final List<SimProcess> processes = new ArrayList<>();
  private final List<Hold> holds = new ArrayList<>();
  private Trace trace;
  private List<Partition> written = List.of();
  private int spawned;
  /** See {@link #madeUpInstances()}. */
  private boolean instancesConfigured = true;

  /**
   * @param intensity 0 for no per-message faults (scripted tests inject their own), 1 for the random histories
   */
  public Simulation(long seed, PartiOptions options, Source source, int partitions, Supplier<AssignmentStrategy> strategy,
                    double intensity) {
    Trace.install();
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.options = new PartiOptions(options).validate();
    this.source = source;
    this.strategy = strategy;
    this.faults = new Faults(this, random.split(), intensity);
    this.checker = new Checker(this, this.options);
    List<Partition> list = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      list.add(Partition.of("p" + i));
    }
    this.fixed = List.copyOf(list);
    if (source == Source.KV) {
      writeList(fixed);
    }
  }

  public long seed() {
    return seed;
  }

  /**
   * Processes from now on run with an instance id made up for each (no {@code instanceId} configured): it never
   * recurs, so a restart comes under a new one and no process has a twin, and a worker-id claim reads no holder of
   * an id it walks past.
   */
  public Simulation madeUpInstances() {
    instancesConfigured = false;
    return this;
  }

  /** Whether processes run with a configured instance id, under which a restart or a twin may claim. */
  boolean instancesConfigured() {
    return instancesConfigured;
  }

  /** Records a readable trace from now on. */
  public Simulation traced() {
    trace = new Trace(this);
    return this;
  }

  /** The trace lines so far (empty unless {@link #traced()}). */
  public List<String> trace() {
    return trace == null ? List.of() : trace.lines();
  }

  public List<String> violations() {
    return checker.violations();
  }

  PartiOptions options() {
    return options;
  }

  SplittableRandom random() {
    return random;
  }

  EventQueue queue() {
    return queue;
  }

  SimServer server() {
    return server;
  }

  Faults faults() {
    return faults;
  }

  Runs runs() {
    return runs;
  }

  Checker checker() {
    return checker;
  }

  Source source() {
    return source;
  }

  List<SimProcess> processes() {
    return processes;
  }

  /** Starts a new process running a coordinator with the given instance id. */
  SimProcess spawn(String instance) {
    PartitionSource partitions = source == Source.FIXED ? PartitionSource.fixed(fixed) : PartitionSource.kv(LIST_BUCKET, LIST_KEY);
    SimProcess process = new SimProcess(this, "p" + (spawned++), instance, instancesConfigured, options, partitions, strategy.get());
    processes.add(process);
    trace(process, "starts (instance " + instance + (instancesConfigured ? ")" : ", made up)"));
    process.start();
    return process;
  }

  /** A process that is neither crashed nor leaving. */
  List<SimProcess> live() {
    List<SimProcess> live = new ArrayList<>();
    for (SimProcess p : processes) {
      if (!p.crashed() && !p.stopped()) {
        live.add(p);
      }
    }
    return live;
  }

  void crash(SimProcess process) {
    trace(process, "crashes");
    process.crash();
    runs.crashed(process);
  }

  /** The operator writes the KV source's partition list. */
  void writeList(List<Partition> partitions) {
    written = List.copyOf(partitions);
    server.open(LIST_BUCKET, Duration.ZERO, 1).write(LIST_KEY, PartitionListCodec.encode(partitions), KvEntry.Operation.PUT, -1, null, null);
  }

  /** The partition ids that should run once the fleet has converged. */
  TreeSet<String> wanted() {
    TreeSet<String> ids = new TreeSet<>();
    (source == Source.FIXED ? fixed : written).forEach(p -> ids.add(p.id()));
    return ids;
  }

  List<Partition> written() {
    return written;
  }

  /** Holds every request matching {@code rule} on the wire until the hold is released. */
  public Hold hold(java.util.function.Predicate<Hold.Request> rule) {
    Hold hold = new Hold(this, rule);
    holds.add(hold);
    return hold;
  }

  List<Hold> holds() {
    return holds;
  }

  /**
   * Runs until {@code condition} holds, checking every 10 ms of virtual time; fails with the trace (when recorded)
   * if it does not within {@code within}.
   */
  public void await(String what, BooleanSupplier condition, Duration within) {
    if (!runUntil(condition, within, Duration.ofMillis(10))) {
      throw new AssertionError("not within " + within.toMillis() + " ms: " + what + "\n" + String.join("\n", trace()));
    }
  }

  void trace(SimProcess process, String line) {
    if (trace != null) {
      trace.add(process, line);
    }
  }

  /** Runs every task due up to {@code until} (virtual nanoseconds), checking the invariants at the end of every instant. */
  public void runUntil(long until) {
    if (trace != null) {
      trace.attach();
    }
    try {
      while (queue.nextTime() <= until) {
        queue.step();
        if (queue.nextTime() > queue.now()) {
          checker.endOfInstant();
        }
      }
      queue.advanceTo(until);
    } finally {
      if (trace != null) {
        trace.detach();
      }
    }
  }

  public void runFor(Duration duration) {
    runUntil(queue.now() + duration.toNanos());
  }

  /** Runs until {@code condition} holds at the end of an instant, or {@code within} passes; returns whether it held. */
  boolean runUntil(BooleanSupplier condition, Duration within, Duration checkEvery) {
    long deadline = queue.now() + within.toNanos();
    while (queue.now() < deadline) {
      runUntil(Math.min(deadline, queue.now() + checkEvery.toNanos()));
      if (condition.getAsBoolean()) {
        return true;
      }
    }
    return condition.getAsBoolean();
  }

  /** Virtual time now, in nanoseconds. */
  public long now() {
    return queue.now();
  }
}
