package io.parti.bench.gate;

import io.parti.bench.gate.Fleet.AssignmentEvent;
import io.parti.bench.gate.Fleet.Handling;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static io.parti.bench.gate.GateFixture.PARTITIONS;

/**
 * The moves of the moves phase as the messages show them: a move is a change of the handling worker in a partition's
 * handling order. Per move: the hand-off pause, the owner gap, and where the gap went between the two workers'
 * assignment events (where both were seen).
 */
final class MoveAnalysis {

  /** Per move, ms: the hand-off pause (see {@link #pause}). */
  final double[] pauses;
  /** Per move, ms: the new owner's first handling minus the old owner's last handling of the partition. */
  final double[] ownerGaps;
  // Where an owner gap goes: old owner's last handling -> its "removed" event -> new owner's "added" event -> first handling.
  private final List<Double> untilRemoved = new ArrayList<>();
  private final List<Double> removedToAdded = new ArrayList<>();
  private final List<Double> addedToFirst = new ArrayList<>();

  MoveAnalysis(List<Handling> handlings, List<AssignmentEvent> events) {
    List<Double> pauses = new ArrayList<>();
    List<Double> ownerGaps = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      List<Handling> ordered = handlings.stream().filter(h -> h.partition() == partition)
          .sorted(Comparator.comparingLong(Handling::handled)).collect(Collectors.toList());
      for (int i = 1; i < ordered.size(); i++) {
        Handling last = ordered.get(i - 1);
        Handling first = ordered.get(i);
        if (last.worker() == first.worker()) {
          continue;
        }
        ownerGaps.add((first.handled() - last.handled()) / 1e6);
        splitOwnerGap(events, Integer.toString(partition), last, first);
        pauses.add(pause(ordered, i));
      }
    }
    this.pauses = Stats.doubles(pauses);
    this.ownerGaps = Stats.doubles(ownerGaps);
  }

  /**
   * The hand-off pause of the move whose new owner's first handling is {@code ordered[from]}: the longest
   * publish-to-handling latency among the messages the new owner handled that were published before that first
   * handling (the messages that waited for the move), ms.
   */
  private static double pause(List<Handling> ordered, int from) {
    int newOwner = ordered.get(from).worker();
    long firstHandled = ordered.get(from).handled();
    double pause = 0;
    for (int j = from; j < ordered.size() && ordered.get(j).worker() == newOwner; j++) {
      Handling h = ordered.get(j);
      if (h.published() <= firstHandled) {
        pause = Math.max(pause, (h.handled() - h.published()) / 1e6);
      }
    }
    return pause;
  }

  /** Records where the owner gap between {@code last} and {@code first} went, if both assignment events were seen. */
  private void splitOwnerGap(List<AssignmentEvent> events, String partition, Handling last, Handling first) {
    AssignmentEvent removed = events.stream().filter(e -> e.worker() == last.worker() && e.at() >= last.handled()
        && listed(e.body().getJsonArray("removed"), partition)).min(Comparator.comparingLong(AssignmentEvent::at)).orElse(null);
    AssignmentEvent added = events.stream().filter(e -> e.worker() == first.worker() && e.at() <= first.handled()
        && listed(e.body().getJsonArray("added"), partition)).max(Comparator.comparingLong(AssignmentEvent::at)).orElse(null);
    if (removed != null && added != null) {
      untilRemoved.add((removed.at() - last.handled()) / 1e6);
      removedToAdded.add((added.at() - removed.at()) / 1e6);
      addedToFirst.add((first.handled() - added.at()) / 1e6);
    }
  }

  private static boolean listed(JsonArray array, String value) {
    return array != null && array.contains(value);
  }

  /** Prints every pause and gap, and the medians of where the gaps went. */
  void print() {
    System.out.printf("hand-off pauses (ms): %s%nowner gaps (ms): %s%n", Stats.sortedRound1(pauses),
        Stats.sortedRound1(ownerGaps));
    if (!untilRemoved.isEmpty()) {
      System.out.printf("owner gap, medians over %d moves: last handling -> old owner's removed event %.1f ms, "
              + "-> new owner's added event %.1f ms, -> first handling %.1f ms%n", untilRemoved.size(),
          Stats.median(untilRemoved), Stats.median(removedToAdded), Stats.median(addedToFirst));
    }
  }
}
