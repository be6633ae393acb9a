package io.parti.vertx.statics;

import io.parti.vertx.shared.OptionValues;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * How keys are routed to partitions and subjects; shared by publishers and consumers, which must agree
 * on every field (and so must publishers in other languages). {@link #setPartitions(int) partitions}
 * and {@link #setSubjectPattern(String) subjectPattern} are required.
 */
public class StaticPartitionOptions {

  /** The seed of the XXH3 hash. */
  public static final long DEFAULT_HASH_SEED = StaticPartitioner.DEFAULT_SEED;
  /** How the hash picks a partition. */
  public static final RoutingMode DEFAULT_ROUTING_MODE = RoutingMode.MODULO;
  /** What happens to keys that are no valid subject token. */
  public static final KeyEscaping DEFAULT_KEY_ESCAPING = KeyEscaping.REJECT;
  /** No key header: the key travels only in the subject, if the pattern has {@code {{key}}}. */
  public static final String DEFAULT_KEY_HEADER = null;

  private int partitions;
  private String subjectPattern;
  private long hashSeed = DEFAULT_HASH_SEED;
  private RoutingMode routingMode = DEFAULT_ROUTING_MODE;
  private KeyEscaping keyEscaping = DEFAULT_KEY_ESCAPING;
  private String keyHeader = DEFAULT_KEY_HEADER;

  public StaticPartitionOptions() {
  }

  public StaticPartitionOptions(StaticPartitionOptions other) {
    this.partitions = other.partitions;
    this.subjectPattern = other.subjectPattern;
    this.hashSeed = other.hashSeed;
    this.routingMode = other.routingMode;
    this.keyEscaping = other.keyEscaping;
    this.keyHeader = other.keyHeader;
  }

  /** From JSON: unknown keys and values of the wrong type fail naming the option. */
  public StaticPartitionOptions(JsonObject json) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      switch (name) {
        case "partitions" -> this.partitions = OptionValues.integer(name, value);
        case "subjectPattern" -> this.subjectPattern = OptionValues.string(name, value);
        case "hashSeed" -> this.hashSeed = OptionValues.longInteger(name, value);
        case "routingMode" -> this.routingMode = OptionValues.enumValue(name, value, RoutingMode.class);
        case "keyEscaping" -> this.keyEscaping = OptionValues.enumValue(name, value, KeyEscaping.class);
        case "keyHeader" -> this.keyHeader = OptionValues.string(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("partitions", partitions)
        .put("subjectPattern", subjectPattern)
        .put("hashSeed", hashSeed)
        .put("routingMode", routingMode.name())
        .put("keyEscaping", keyEscaping.name());
    if (keyHeader != null) {
      json.put("keyHeader", keyHeader);
    }
    return json;
  }

  /** Checks every field; the message names the option that is wrong. Returns these options. */
  public StaticPartitionOptions validate() {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    if (subjectPattern == null) {
      throw new IllegalArgumentException("subjectPattern is required (e.g. \"orders.{{partition}}\")");
    }
    try {
      SubjectPattern.create(subjectPattern, partitions, keyEscaping); // every rule of the pattern, checked here
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("subjectPattern: " + e.getMessage(), e);
    }
    if (keyHeader != null && (keyHeader.isBlank() || keyHeader.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7F))) {
      throw new IllegalArgumentException("keyHeader must be a header name of printable ASCII without ':' or spaces, was \"" + keyHeader + "\"");
    }
    return this;
  }

  /** The number of partitions; required, at least 1. */
  public int getPartitions() {
    return partitions;
  }

  public StaticPartitionOptions setPartitions(int partitions) {
    this.partitions = partitions;
    return this;
  }

  /** The subject pattern; required, see {@link SubjectPattern}. */
  public String getSubjectPattern() {
    return subjectPattern;
  }

  public StaticPartitionOptions setSubjectPattern(String subjectPattern) {
    this.subjectPattern = subjectPattern;
    return this;
  }

  public long getHashSeed() {
    return hashSeed;
  }

  public StaticPartitionOptions setHashSeed(long hashSeed) {
    this.hashSeed = hashSeed;
    return this;
  }

  public RoutingMode getRoutingMode() {
    return routingMode;
  }

  public StaticPartitionOptions setRoutingMode(RoutingMode routingMode) {
    this.routingMode = Objects.requireNonNull(routingMode, "routingMode");
    return this;
  }

  public KeyEscaping getKeyEscaping() {
    return keyEscaping;
  }

  public StaticPartitionOptions setKeyEscaping(KeyEscaping keyEscaping) {
    this.keyEscaping = Objects.requireNonNull(keyEscaping, "keyEscaping");
    return this;
  }

  /**
   * A header that publishers set to the message's key, so consumers can order by key when the subject
   * pattern has no {@code {{key}}}; null (the default) sends none.
   */
  public String getKeyHeader() {
    return keyHeader;
  }

  public StaticPartitionOptions setKeyHeader(String keyHeader) {
    this.keyHeader = keyHeader;
    return this;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + toJson().encode();
  }
}
