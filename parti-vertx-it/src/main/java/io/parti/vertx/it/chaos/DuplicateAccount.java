package io.parti.vertx.it.chaos;

import io.parti.vertx.it.MessageLedger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains every duplicate (a handling of a message after its first) by a fault, or fails to. The worker consumer acks
 * a message once its handler is through and lets a partition go only after its handlers are through and acked, so a
 * message comes back only when the ack of its previous handling never reached the stream: the handling ran on a
 * process that a fault cut off from its acks ({@link Fault#exposes}). Each such fault can send back, per partition, at
 * most what was delivered and unacked there: {@code maxAckPending}, the bound checked.
 */
final class DuplicateAccount {

  /** Duplicates by the kind of the fault that explains them. */
  final Map<String, Integer> byCause = new LinkedHashMap<>();
  /** Duplicates no fault explains: each one a broken guarantee. */
  final List<String> unexplained = new ArrayList<>();
  /** Faults that sent more messages of one partition back than that partition can have had unacked. */
  final List<String> overBound = new ArrayList<>();
  int total;

  /** @param origin the run's start ({@link System#nanoTime()}): times in the lines are seconds after it */
  DuplicateAccount(Map<Long, List<MessageLedger.Run>> repeated, List<Fault> faults, int maxAckPending, long origin) {
    for (FaultKind kind : FaultKind.values()) {
      if (kind.losesAcks) {
        byCause.put(kind.label, 0);
      }
    }
    Map<Fault, Map<String, Integer>> perPartition = new HashMap<>();
    repeated.forEach((id, runs) -> {
      for (int i = 1; i < runs.size(); i++) {
        total++;
        MessageLedger.Run previous = runs.get(i - 1);
        Fault cause = faults.stream().filter(f -> f.exposes(previous)).findFirst().orElse(null);
        if (cause == null) {
          Fault nearest = faults.stream().min(Comparator.comparingLong(f -> distance(f, previous))).orElse(null);
          unexplained.add("message " + id + " handled on " + describe(previous, origin) + ", again on "
              + describe(runs.get(i), origin) + ", exposed to no fault" + (nearest == null ? ""
              : " (nearest: " + nearest.kind().label + " " + nearest.target() + " " + seconds(nearest.start(), origin)
              + ".." + seconds(nearest.end(), origin) + ")"));
        } else {
          byCause.merge(cause.kind().label, 1, Integer::sum);
          perPartition.computeIfAbsent(cause, f -> new HashMap<>()).merge(previous.partition(), 1, Integer::sum);
        }
      }
    });
    perPartition.forEach((fault, partitions) -> partitions.forEach((partition, count) -> {
      if (count > maxAckPending) {
        overBound.add(fault + ": " + count + " duplicates in " + partition + ", more than maxAckPending " + maxAckPending);
      }
    }));
  }

  /** How far the run started from the fault's span, 0 within it. */
  private static long distance(Fault fault, MessageLedger.Run run) {
    return Math.max(0, Math.max(fault.start() - run.start(), run.start() - fault.end()));
  }

  private static String describe(MessageLedger.Run run, long origin) {
    return run.process() + " (" + run.worker() + ", " + run.partition() + ", stream sequence " + run.streamSequence()
        + ", delivery " + run.deliveries() + ") at " + seconds(run.start(), origin);
  }

  private static String seconds(long nanoTime, long origin) {
    return String.format(java.util.Locale.ROOT, "+%.1f s", (nanoTime - origin) / 1e9);
  }
}
