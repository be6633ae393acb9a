package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A partition being placed by {@link StickyBalancedStrategy} or {@link BoundedLoadStrategy}, with its xxh3 hash. */
final class Item {

  /** Lightest first; equal weights by xxh3 of the id, then by id: an order that ignores input order. */
  static final Comparator<Item> CANONICAL = Item::compare;

  private static final Comparator<Item> BY_HASH = Item::compareHashThenId;

  final Partition partition;
  final int weight;
  final long hash;

  Item(Partition partition, long hash) {
    this.partition = partition;
    this.weight = partition.weight();
    this.hash = hash;
  }

  /**
   * Sorts in {@link #CANONICAL} order, as {@code list.sort(CANONICAL)} would, but on packed primitive keys:
   * a comparator sort chases a pointer per comparison, which made sorting most of the cost of an assignment.
   * First by hash (top bits, with the index in the low bits; equal top bits are re-sorted exactly), then,
   * if the weights differ, stably by weight.
   */
  static void sortCanonically(List<Item> list) {
    Item[] items = list.toArray(new Item[0]);
    sortCanonically(items);
    for (int i = 0; i < items.length; i++) {
      list.set(i, items[i]);
    }
  }

  static void sortCanonically(Item[] items) {
    int n = items.length;
    if (n < 2) {
      return;
    }
    int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
    long indexMask = (1L << indexBits) - 1;
    long[] keys = new long[n];
    boolean equalWeights = true;
    for (int i = 0; i < n; i++) {
      keys[i] = (items[i].hash & ~indexMask) | i;
      equalWeights &= items[i].weight == items[0].weight;
    }
    Arrays.sort(keys);
    Item[] byHash = new Item[n];
    for (int i = 0; i < n; i++) {
      byHash[i] = items[(int) (keys[i] & indexMask)];
    }
    for (int start = 0, end; start < n; start = end) {
      end = start + 1;
      while (end < n && (keys[end] & ~indexMask) == (keys[start] & ~indexMask)) {
        end++;
      }
      if (end - start > 1) {
        Arrays.sort(byHash, start, end, BY_HASH);
      }
    }
    if (equalWeights) {
      System.arraycopy(byHash, 0, items, 0, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) byHash[i].weight << 32) | i;
    }
    Arrays.sort(keys);
    for (int i = 0; i < n; i++) {
      items[i] = byHash[(int) keys[i]];
    }
  }

  private static int compare(Item a, Item b) {
    if (a.weight != b.weight) {
      return a.weight < b.weight ? -1 : 1;
    }
    return compareHashThenId(a, b);
  }

  private static int compareHashThenId(Item a, Item b) {
    if (a.hash != b.hash) {
      return a.hash < b.hash ? -1 : 1;
    }
    return a.partition.compareTo(b.partition);
  }
}
