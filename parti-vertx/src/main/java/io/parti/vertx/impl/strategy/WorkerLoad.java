package io.parti.vertx.impl.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The partitions of one worker while {@link StickyBalancedStrategy} runs: those it keeps from the previous
 * assignment and those placed on it, each list in {@link Item#CANONICAL} order (lightest first), so that the
 * partition of a wanted weight is found by binary search.
 */
final class WorkerLoad {

  static final Comparator<WorkerLoad> BUSIEST_FIRST = Comparator
      .comparingLong((WorkerLoad load) -> -load.total)
      .thenComparingInt(load -> load.worker);

  static final Comparator<WorkerLoad> LEAST_LOADED_FIRST = Comparator
      .comparingLong((WorkerLoad load) -> load.total)
      .thenComparingInt(load -> load.worker);

  final int worker;
  long total;
  private final List<Item> kept = new ArrayList<>();
  private final List<Item> placed = new ArrayList<>();

  WorkerLoad(int worker) {
    this.worker = worker;
  }

  /**
   * Adds a partition that stays here unless shed: kept from the previous assignment (then {@link #keptDone}
   * restores the order) or a partition heavier than all others dedicated to this worker.
   */
  void addKept(Item item) {
    kept.add(item);
    total += item.weight;
  }

  /** The weight of the heaviest kept partition, 0 without any; valid after {@link #keptDone}. */
  int heaviestKept() {
    return kept.isEmpty() ? 0 : kept.get(kept.size() - 1).weight;
  }

  void keptDone() {
    Item.sortCanonically(kept);
  }

  /** Adds a partition while placing in descending canonical order; {@link #placingDone} restores the order. */
  void addPlacedDescending(Item item) {
    placed.add(item);
    total += item.weight;
  }

  void placingDone() {
    Collections.reverse(placed);
  }

  /** Adds a moved partition at its canonical position. */
  void addPlaced(Item item) {
    int at = Collections.binarySearch(placed, item, Item.CANONICAL);
    placed.add(-at - 1, item);
    total += item.weight;
  }

  /**
   * Sheds kept partitions until the load is at most {@code ceiling}, moving as few as it can: each step sheds
   * the lightest partition that alone brings the load under, or else the heaviest. A partition heavier than the
   * ceiling is the worker's own: it stays, and everything else goes.
   */
  void shed(double ceiling, List<Item> out) {
    if (total <= ceiling) {
      return;
    }
    Item heaviest = kept.get(kept.size() - 1);
    boolean oversized = heaviest.weight > ceiling;
    double cap = oversized ? heaviest.weight : ceiling;
    while (total > cap) {
      int candidates = kept.size() - (oversized ? 1 : 0);
      long excess = (long) Math.ceil(total - cap);
      int lightestEnough = firstHeavierThan(kept, 0, candidates, excess - 1);
      int chosen = lightestEnough < candidates
          ? firstHeavierThan(kept, lightestEnough, candidates, kept.get(lightestEnough).weight) - 1
          : candidates - 1;
      Item item = kept.remove(chosen);
      total -= item.weight;
      out.add(item);
    }
  }

  /**
   * Removes and returns a partition of weight at most {@code limit} to give to another worker, preferring
   * partitions that were placed here in this run (they move anyway) over kept ones: the heaviest that does
   * not exceed {@code need}, else the lightest. Null when none weighs at most {@code limit}.
   */
  Item takeFor(long need, long limit) {
    Item item = take(placed, need, limit);
    if (item == null) {
      item = take(kept, need, limit);
    }
    if (item != null) {
      total -= item.weight;
    }
    return item;
  }

  private static Item take(List<Item> list, long need, long limit) {
    int upTo = firstHeavierThan(list, 0, list.size(), Math.min(need, limit));
    if (upTo > 0) {
      return list.remove(upTo - 1);
    }
    return !list.isEmpty() && list.get(0).weight <= limit ? list.remove(0) : null;
  }

  /** The first index in {@code [from, to)} whose weight exceeds {@code weight}, or {@code to}. */
  private static int firstHeavierThan(List<Item> list, int from, int to, long weight) {
    int low = from;
    int high = to;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (list.get(mid).weight <= weight) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  void forEach(Consumer<Item> action) {
    kept.forEach(action);
    placed.forEach(action);
  }
}
