package io.parti.vertx;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A unit of work that is owned by exactly one worker at a time: an ordered list of string keys and a
 * weight (the relative cost of the partition, 1 by default).
 * <p>
 * Two partitions are equal when their keys are equal; the weight is a placement hint, not identity.
 * {@link #id()} is a canonical string form of the keys that never collides: keys are joined with
 * {@code '.'}, and a {@code '.'} or {@code '%'} inside a key is percent-escaped, so {@code ["a.b"]}
 * and {@code ["a", "b"]} have the ids {@code a%2Eb} and {@code a.b}.
 */
public final class Partition implements Comparable<Partition> {

  /** The weight of a partition created without one. */
  public static final int DEFAULT_WEIGHT = 1;

  private final List<String> keys;
  private final int weight;
  private final String id;

  private Partition(List<String> keys, int weight) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("Partition keys must not be empty");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("Partition weight must be >= 1, was " + weight + " for " + keys);
    }
    for (String key : keys) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("Partition key must be a non-empty string, was " + (key == null ? "null" : "\"\"") + " in " + keys);
      }
    }
    this.keys = List.copyOf(keys);
    this.weight = weight;
    this.id = canonicalId(this.keys);
  }

  /** A partition of the given keys with weight {@value #DEFAULT_WEIGHT}. */
  public static Partition of(String... keys) {
    return new Partition(List.of(keys), DEFAULT_WEIGHT);
  }

  /** A partition of the given keys and weight. */
  public static Partition of(List<String> keys, int weight) {
    return new Partition(keys, weight);
  }

  /**
   * Parses a canonical {@link #id()} back into a partition with the given weight.
   *
   * @throws IllegalArgumentException when {@code id} is not the id of any partition (an empty key, an escape
   *                                  other than {@code %2E} and {@code %25}): such a string would come back
   *                                  under another id
   */
  public static Partition fromId(String id, int weight) {
    Objects.requireNonNull(id, "id");
    List<String> keys = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= id.length(); i++) {
      if (i == id.length() || id.charAt(i) == '.') {
        keys.add(unescape(id.substring(start, i)));
        start = i + 1;
      }
    }
    Partition partition = new Partition(keys, weight);
    if (!partition.id.equals(id)) {
      throw new IllegalArgumentException("Not a canonical partition id: \"" + id + "\"");
    }
    return partition;
  }

  /** Reads {@code {"keys":[...],"weight":n}}; the weight is optional. */
  public static Partition fromJson(JsonObject json) {
    Object keysValue = json.getValue("keys");
    if (!(keysValue instanceof JsonArray)) {
      throw new IllegalArgumentException("Partition JSON must have a \"keys\" array: " + json.encode());
    }
    JsonArray keys = (JsonArray) keysValue;
    List<String> list = new ArrayList<>(keys.size());
    for (Object key : keys) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException("Partition keys must be strings: " + json.encode());
      }
      list.add((String) key);
    }
    Object weight = json.getValue("weight", DEFAULT_WEIGHT);
    if (!(weight instanceof Number) || ((Number) weight).doubleValue() != ((Number) weight).intValue()) {
      throw new IllegalArgumentException("Partition weight must be an integer: " + json.encode());
    }
    return new Partition(list, ((Number) weight).intValue());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("keys", new JsonArray(new ArrayList<>(keys)));
    if (weight != DEFAULT_WEIGHT) {
      json.put("weight", weight);
    }
    return json;
  }

  public List<String> keys() {
    return keys;
  }

  public int weight() {
    return weight;
  }

  /** The canonical, collision-free string form of the keys. */
  public String id() {
    return id;
  }

  /** This partition with another weight. */
  public Partition withWeight(int weight) {
    return weight == this.weight ? this : new Partition(keys, weight);
  }

  @Override
  public int compareTo(Partition other) {
    return id.compareTo(other.id);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Partition && id.equals(((Partition) o).id));
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return weight == DEFAULT_WEIGHT ? id : id + "(w=" + weight + ")";
  }

  private static String canonicalId(List<String> keys) {
    StringBuilder sb = new StringBuilder();
    for (String key : keys) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == '%') {
          sb.append("%25");
        } else if (c == '.') {
          sb.append("%2E");
        } else {
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  private static String unescape(String part) {
    if (part.indexOf('%') < 0) {
      return part;
    }
    return part.replace("%2E", ".").replace("%25", "%");
  }
}
