package io.parti.vertx;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTest {

  /** Keys built from the characters that matter to the escaping, plus unicode (including a surrogate pair). */
  @Provide
  Arbitrary<List<String>> keyLists() {
    Arbitrary<String> tricky = Arbitraries.strings().withChars(".%2E5eaé日").withChars("\uD83D\uDE00").ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> key = Arbitraries.oneOf(tricky, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8));
    return key.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 2000)
  void fromIdOfIdGivesTheSameKeys(@ForAll("keyLists") List<String> keys, @ForAll @IntRange(min = 1, max = 50) int weight) {
    Partition partition = Partition.of(keys, weight);

    Partition parsed = Partition.fromId(partition.id(), weight);

    assertThat(parsed.keys()).isEqualTo(keys);
    assertThat(parsed.weight()).isEqualTo(weight);
    assertThat(parsed.id()).isEqualTo(partition.id());
  }

  @Property(tries = 2000)
  void idsAreEqualExactlyWhenKeysAre(@ForAll("keyLists") List<String> a, @ForAll("keyLists") List<String> b) {
    assertThat(Partition.of(a, 1).id().equals(Partition.of(b, 1).id())).isEqualTo(a.equals(b));
  }

  /** Every list of up to three keys of up to two characters from {@code . % 2 E 5}: no two share an id. */
  @Example
  void noCollisionAmongAllSmallKeyListsOverTheEscapeAlphabet() {
    List<String> keys = new ArrayList<>();
    String alphabet = ".%2E5";
    for (char c : alphabet.toCharArray()) {
      keys.add(String.valueOf(c));
      for (char d : alphabet.toCharArray()) {
        keys.add("" + c + d);
      }
    }
    Map<String, List<String>> byId = new HashMap<>();
    for (List<String> list : lists(keys, 3)) {
      List<String> previous = byId.put(Partition.of(list, 1).id(), list);
      assertThat(previous).as("same id for %s and %s", previous, list).isNull();
    }
    assertThat(byId).hasSize(30 + 30 * 30 + 30 * 30 * 30);
  }

  private static List<List<String>> lists(List<String> keys, int maxSize) {
    List<List<String>> all = new ArrayList<>();
    List<List<String>> previous = List.of(List.of());
    for (int size = 1; size <= maxSize; size++) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : previous) {
        for (String key : keys) {
          List<String> list = new ArrayList<>(prefix);
          list.add(key);
          next.add(list);
        }
      }
      all.addAll(next);
      previous = next;
    }
    return all;
  }

  @Example
  void separatorsInsideKeysAreEscaped() {
    assertThat(Partition.of("a.b").id()).isEqualTo("a%2Eb");
    assertThat(Partition.of("a", "b").id()).isEqualTo("a.b");
    assertThat(Partition.of("100%").id()).isEqualTo("100%25");
    assertThat(Partition.of("%2E").id()).isEqualTo("%252E");
    assertThat(Partition.of("orders", "eu-1").id()).isEqualTo("orders.eu-1");
  }

  @Example
  void equalityAndOrderIgnoreTheWeight() {
    Partition light = Partition.of(List.of("orders", "7"), 1);
    Partition heavy = Partition.of(List.of("orders", "7"), 9);

    assertThat(heavy).isEqualTo(light).hasSameHashCodeAs(light);
    assertThat(heavy.compareTo(light)).isZero();
    assertThat(heavy).isNotEqualTo(Partition.of("orders.7"));
    assertThat(light.withWeight(9).weight()).isEqualTo(9);
    assertThat(light.withWeight(1)).isSameAs(light);
    assertThat(heavy.toString()).isEqualTo("orders.7(w=9)");
  }

  @Example
  void keysAreCopied() {
    List<String> keys = new ArrayList<>(List.of("a", "b"));
    Partition partition = Partition.of(keys, 1);
    keys.set(0, "z");

    assertThat(partition.keys()).containsExactly("a", "b");
    assertThatThrownBy(() -> partition.keys().add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Example
  void invalidKeysAreRejectedSayingWhy() {
    assertThatThrownBy(() -> Partition.of()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Partition.of(List.of(), 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
    assertThatThrownBy(() -> Partition.of("a", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> Partition.of(Arrays.asList("a", null), 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    assertThatThrownBy(() -> Partition.of(null, 1)).isInstanceOf(NullPointerException.class).hasMessageContaining("keys");
  }

  @Example
  void invalidWeightsAreRejectedSayingWhy() {
    assertThatThrownBy(() -> Partition.of(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    assertThatThrownBy(() -> Partition.of(List.of("a"), -3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    assertThatThrownBy(() -> Partition.of("a").withWeight(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    assertThatThrownBy(() -> Partition.fromId("a", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
  }

  @Example
  void fromIdRejectsStringsThatAreNotTheIdOfAPartition() {
    for (String notAnId : List.of("", ".", "a..b", ".a", "a.", "a%zz", "a%2e", "50%", "%")) {
      assertThatThrownBy(() -> Partition.fromId(notAnId, 1)).as(notAnId).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 500)
  void jsonRoundTripKeepsKeysAndWeight(@ForAll("keyLists") List<String> keys, @ForAll @IntRange(min = 1, max = 1000) int weight) {
    Partition partition = Partition.of(keys, weight);

    Partition copy = Partition.fromJson(new JsonObject(partition.toJson().encode()));

    assertThat(copy.keys()).isEqualTo(keys);
    assertThat(copy.weight()).isEqualTo(weight);
  }

  @Example
  void jsonOmitsTheDefaultWeight() {
    assertThat(Partition.of("a", "b").toJson()).isEqualTo(new JsonObject().put("keys", new JsonArray().add("a").add("b")));
    assertThat(Partition.fromJson(new JsonObject().put("keys", new JsonArray().add("a"))).weight()).isEqualTo(Partition.DEFAULT_WEIGHT);
  }

  @Example
  void badJsonIsRejectedSayingWhatIsWrong() {
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", "a"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", new JsonArray().add(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strings");
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", new JsonArray())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", new JsonArray().add("a")).put("weight", "heavy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", new JsonArray().add("a")).put("weight", 2.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    assertThat(Partition.fromJson(new JsonObject().put("keys", new JsonArray().add("a")).put("weight", 2L)).weight()).isEqualTo(2);
    assertThatThrownBy(() -> Partition.fromJson(new JsonObject().put("keys", new JsonArray().add("a")).put("weight", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
  }
}
