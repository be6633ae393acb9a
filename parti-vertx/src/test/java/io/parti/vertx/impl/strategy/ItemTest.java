package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemTest {

  /**
   * The packed-key sort gives exactly the comparator's order, also when hashes collide entirely or share
   * their top bits (the generated hashes differ only in their low bits, or not at all).
   */
  @Property(tries = 200)
  void sortsExactlyLikeTheCanonicalComparator(@ForAll("items") List<Item> items) {
    List<Item> expected = new ArrayList<>(items);
    expected.sort(Item.CANONICAL);

    List<Item> actual = new ArrayList<>(items);
    Item.sortCanonically(actual);

    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Provide
  Arbitrary<List<Item>> items() {
    Arbitrary<Long> hashes = Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-3, 3),
        Arbitraries.longs().between(0, 1 << 12).map(low -> 0x7A5F_0000_0000_0000L | low));
    Arbitrary<Integer> weights = Arbitraries.oneOf(Arbitraries.just(1), Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, Integer.MAX_VALUE));
    return Arbitraries.integers().between(0, 300).flatMap(size -> weights.flatMap(weight -> Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(size)
        .flatMap(seeds -> hashes.list().ofSize(size).map(hashList -> {
          List<Item> items = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            int w = 1 + Math.floorMod(seeds.get(i), weight);
            items.add(new Item(Partition.of(List.of("p" + i), w), hashList.get(i)));
          }
          return items;
        }))));
  }
}
