package io.parti.vertx.simulation;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.kv.KvEntry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The discrete faults and the churn of a random history: pauses, crashes and restarts, duplicate instances,
 * dropped and silently cut connections, server clock jumps, operators deleting keys, graceful leaves, new
 * workers and partition list edits, at random times during the fault phase. {@link #calm()} ends them all.
 */
final class Chaos {

  private static final long MS = 1_000_000;
  private static final int MAX_LIVE = 5;

  /** Changes to the fleet that are not faults. */
  enum Churn { GRACEFUL_LEAVE, SCALE_UP, PARTITION_LIST_EDIT }

  private final Simulation simulation;
  private final SplittableRandom random;
  private final Map<Churn, Integer> churn = new EnumMap<>(Churn.class);
  private final List<SimProcess> cut = new ArrayList<>();
  private final boolean operatorDeletesList;
  private int instances;
  private long lastListWrite;

  Chaos(Simulation simulation, SplittableRandom random, int initialInstances) {
    this.simulation = simulation;
    this.random = random;
    this.instances = initialInstances;
    // An operator who deletes the list key and one who deletes the assignment key never meet in one history:
    // with both gone, nobody could know which partitions the group had.
    this.operatorDeletesList = simulation.source() == Simulation.Source.KV && random.nextBoolean();
  }

  Map<Churn, Integer> churn() {
    return churn;
  }

  /** Schedules faults from {@code from} until {@code until} (virtual nanoseconds). */
  void schedule(long from, long until) {
    long t = from + random.nextLong(200 * MS, 2000 * MS);
    while (t < until) {
      simulation.queue().at(t, null, this::inject);
      t += random.nextLong(200 * MS, 2500 * MS);
    }
  }

  private void inject() {
    if (simulation.faults().stopped()) {
      return;
    }
    List<SimProcess> live = simulation.live();
    SimProcess victim = live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    int pick = random.nextInt(100);
    if (victim == null || pick < 8) {
      scaleUp();
    } else if (pick < 22) {
      pause(victim);
    } else if (pick < 30) {
      crashAndRestart(victim, random.nextBoolean());
    } else if (pick < 34) {
      duplicate(victim);
    } else if (pick < 44) {
      connectionLoss(victim);
    } else if (pick < 56) {
      cutOff(victim);
    } else if (pick < 62) {
      simulation.faults().count(FaultKind.CLOCK_JUMP);
      simulation.server().jumpClock((random.nextBoolean() ? 1 : -1) * random.nextLong(1000, 10_001));
    } else if (pick < 68) {
      operatorRemoves();
    } else if (pick < 78) {
      if (live.size() > 1) {
        churn.merge(Churn.GRACEFUL_LEAVE, 1, Integer::sum);
        victim.stop();
      }
    } else if (pick < 88) {
      editList();
    }
    // otherwise: a quiet moment
  }

  private void scaleUp() {
    if (simulation.live().size() < MAX_LIVE) {
      churn.merge(Churn.SCALE_UP, 1, Integer::sum);
      simulation.spawn("i" + (instances++));
    }
  }

  private void pause(SimProcess victim) {
    simulation.faults().count(FaultKind.PAUSE);
    long length = random.nextInt(10) < 6 ? random.nextLong(50 * MS, 500 * MS) : random.nextLong(1000 * MS, 8000 * MS);
    simulation.trace(victim, "paused for " + length / MS + " ms");
    victim.pause();
    simulation.queue().after(length, null, () -> {
      if (victim.paused()) {
        simulation.trace(victim, "resumes");
        victim.resume();
      }
    });
  }

  private void crashAndRestart(SimProcess victim, boolean sameInstanceIfConfigured) {
    boolean sameInstance = sameInstanceIfConfigured && simulation.instancesConfigured(); // a made-up one never recurs
    simulation.faults().count(sameInstance ? FaultKind.CRASH_RESTART_SAME_INSTANCE : FaultKind.CRASH_RESTART_NEW_INSTANCE);
    simulation.crash(victim);
    String instance = sameInstance ? victim.instance() : "i" + (instances++);
    simulation.queue().after(random.nextLong(100 * MS, 5000 * MS), null, () -> simulation.spawn(instance));
  }

  /**
   * A second process with a live one's instance id (a force-replaced pod whose old copy still runs); none when the
   * instance ids are made up.
   */
  private void duplicate(SimProcess victim) {
    if (simulation.live().size() >= MAX_LIVE || !simulation.instancesConfigured()) {
      return;
    }
    simulation.faults().count(FaultKind.DUPLICATE_INSTANCE);
    SimProcess twin = simulation.spawn(victim.instance());
    simulation.queue().after(random.nextLong(1000 * MS, 10_000 * MS), null, () -> {
      if (!twin.crashed() && !twin.stopped() && !simulation.faults().stopped()) {
        if (random.nextBoolean()) {
          simulation.crash(twin);
        } else {
          twin.stop();
        }
      }
    });
  }

  private void connectionLoss(SimProcess victim) {
    simulation.faults().count(FaultKind.CONNECTION_LOSS);
    victim.cut(0);
    cut.add(victim);
    simulation.queue().after(random.nextLong(300 * MS, 4000 * MS), null, () -> heal(victim));
  }

  private void cutOff(SimProcess victim) {
    simulation.faults().count(FaultKind.CUT_OFF);
    // Pings every second, two may be outstanding: a silent partition is seen after 2 to 3 s.
    victim.cut(random.nextLong(2000 * MS, 3000 * MS));
    cut.add(victim);
    simulation.trace(victim, "cut off");
    simulation.queue().after(random.nextLong(500 * MS, 8000 * MS), null, () -> heal(victim));
  }

  private void heal(SimProcess victim) {
    if (cut.remove(victim)) {
      simulation.trace(victim, "link healed");
      victim.heal(250 * MS);
    }
  }

  private void operatorRemoves() {
    if (operatorDeletesList) {
      // Only a list the fleet has taken in: a deleted list means "keep what is assigned now".
      if (simulation.now() - lastListWrite > 2000 * MS && assignedIsWritten()) {
        simulation.faults().count(FaultKind.OPERATOR_DELETES_PARTITION_LIST);
        simulation.server().open(Simulation.LIST_BUCKET, java.time.Duration.ZERO, 1)
            .write(Simulation.LIST_KEY, new byte[0], random.nextBoolean() ? KvEntry.Operation.DELETE : KvEntry.Operation.PURGE, -1, null, null);
      }
      return;
    }
    boolean purge = random.nextBoolean();
    simulation.faults().count(purge ? FaultKind.OPERATOR_PURGES_ASSIGNMENT : FaultKind.OPERATOR_DELETES_ASSIGNMENT);
    SimServer.Stream stream = simulation.server().stream(simulation.options().assignmentBucket());
    if (stream != null) {
      stream.write("assignment", new byte[0], purge ? KvEntry.Operation.PURGE : KvEntry.Operation.DELETE, -1, null, null);
    }
  }

  /** Whether the stored assignment holds exactly the partitions of the written list. */
  private boolean assignedIsWritten() {
    SimServer.Stream stream = simulation.server().stream(simulation.options().assignmentBucket());
    SimServer.Stored stored = stream == null ? null : stream.current("assignment");
    if (stored == null || stored.entry.isRemoval()) {
      return false;
    }
    java.util.Set<String> assigned = io.parti.vertx.impl.protocol.AssignmentCodec.decode(stored.entry.value()).slots().keySet();
    return assigned.equals(simulation.wanted());
  }

  /** Adds or removes a few partitions of the KV source's list. */
  private void editList() {
    if (simulation.source() != Simulation.Source.KV) {
      return;
    }
    churn.merge(Churn.PARTITION_LIST_EDIT, 1, Integer::sum);
    List<Partition> list = new ArrayList<>(simulation.written());
    if (!list.isEmpty() && random.nextBoolean()) {
      list.remove(random.nextInt(list.size()));
    } else {
      list.add(Partition.of("q" + random.nextInt(1000)));
    }
    lastListWrite = simulation.now();
    simulation.writeList(list.stream().distinct().toList());
  }

  /** Ends every fault: links heal, paused processes resume, and at least one process is there to work. */
  void calm() {
    simulation.faults().stop();
    for (SimProcess p : new ArrayList<>(cut)) {
      heal(p);
    }
    for (SimProcess p : simulation.processes()) {
      if (p.paused()) {
        p.resume();
      }
    }
    if (simulation.live().isEmpty()) {
      simulation.spawn("i" + (instances++));
    }
  }
}
