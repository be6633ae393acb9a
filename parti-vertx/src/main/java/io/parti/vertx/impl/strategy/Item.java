package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;

import java.util.Comparator;

/** A partition being placed by {@link StickyBalancedStrategy} or {@link BoundedLoadStrategy}, with its xxh3 hash. */
final class Item {

  /** Lightest first; equal weights by xxh3 of the id, then by id: an order that ignores input order. */
  static final Comparator<Item> CANONICAL = Item::compare;

  final Partition partition;
  final int weight;
  final long hash;

  Item(Partition partition, long hash) {
    this.partition = partition;
    this.weight = partition.weight();
    this.hash = hash;
  }

  private static int compare(Item a, Item b) {
    if (a.weight != b.weight) {
      return a.weight < b.weight ? -1 : 1;
    }
    if (a.hash != b.hash) {
      return a.hash < b.hash ? -1 : 1;
    }
    return a.partition.compareTo(b.partition);
  }
}
