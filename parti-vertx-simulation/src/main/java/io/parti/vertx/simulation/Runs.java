package io.parti.vertx.simulation;

import io.parti.vertx.PartitionContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every run of every partition verticle in a history: who ran it, under which grant, and when. */
final class Runs {

  /** One run; times are virtual nanoseconds, -1 while not happened. */
  static final class Run {
    final int id;
    final String partition;
    final SimProcess process;
    final String session;
    final String workerId;
    final long epoch;
    final PartitionContext context;
    final long startedAt;
    long gateClosedAt = -1;
    long endedAt = -1;

    Run(int id, PartitionContext context, SimProcess process, String session, long startedAt) {
      this.id = id;
      this.partition = context.partition().id();
      this.process = process;
      this.session = session;
      this.workerId = context.workerId();
      this.epoch = context.epoch();
      this.context = context;
      this.startedAt = startedAt;
    }

    boolean ended() {
      return endedAt >= 0;
    }

    /** Holds the partition: started, gate open, not ended, and its process running code. */
    boolean holding() {
      return !ended() && gateClosedAt < 0 && process.running();
    }

    /** Its gate is closed but its stop is not through. */
    boolean draining() {
      return !ended() && gateClosedAt >= 0 && !process.crashed();
    }

    @Override
    public String toString() {
      return partition + "@" + epoch + " on " + process.name() + "/" + workerId + " (session " + session + ", run " + id + ")";
    }
  }

  private final Simulation simulation;
  private final List<Run> all = new ArrayList<>();
  private final List<Run> active = new ArrayList<>();
  private final Map<String, List<Run>> byPartition = new HashMap<>();

  Runs(Simulation simulation) {
    this.simulation = simulation;
  }

  Run started(PartitionContext context, SimProcess process) {
    Run run = new Run(all.size(), context, process, process.session(), simulation.queue().now());
    all.add(run);
    active.add(run);
    byPartition.computeIfAbsent(run.partition, k -> new ArrayList<>()).add(run);
    simulation.checker().started(run);
    simulation.trace(process, "runs " + run);
    return run;
  }

  void ended(Run run) {
    if (!run.ended()) {
      run.endedAt = simulation.queue().now();
      active.remove(run);
      simulation.trace(run.process, "stopped " + run);
    }
  }

  /** A crashed process runs nothing from the moment it dies. */
  void crashed(SimProcess process) {
    for (Run run : new ArrayList<>(active)) {
      if (run.process == process) {
        ended(run);
      }
    }
  }

  /** Notes gates that closed since the last step. */
  void observeGates() {
    long now = simulation.queue().now();
    for (Run run : active) {
      if (run.gateClosedAt < 0 && !run.context.isOwned()) {
        run.gateClosedAt = now;
      }
    }
  }

  List<Run> active() {
    return active;
  }

  List<Run> of(String partition) {
    return byPartition.getOrDefault(partition, List.of());
  }

  List<Run> all() {
    return all;
  }
}
