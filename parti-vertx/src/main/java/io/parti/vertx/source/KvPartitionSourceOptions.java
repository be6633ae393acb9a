package io.parti.vertx.source;

import io.nats.client.support.Validator;
import io.parti.vertx.shared.OptionValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link KvPartitionSource} keeps its partition list, and how its bucket is created and used: the options of
 * both the source and the {@link PartitionEditor}. JSON as for {@code PartiOptions}: durations in milliseconds or
 * ISO-8601, unknown keys and wrong types rejected naming the option.
 */
public class KvPartitionSourceOptions {

  /** The key of the list in its bucket: {@value}. */
  public static final String DEFAULT_KEY = "partitions";
  /** Replicas of the bucket when it is created: {@value}. */
  public static final int DEFAULT_REPLICAS = 1;
  /** Bound of one read or write of the list: 2 s. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(2);
  /** How many times an editor's change is tried on revision conflicts: {@value}. */
  public static final int DEFAULT_MAX_EDIT_ATTEMPTS = 20;

  private String bucket;
  private String key = DEFAULT_KEY;
  private int replicas = DEFAULT_REPLICAS;
  private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
  private int maxEditAttempts = DEFAULT_MAX_EDIT_ATTEMPTS;

  public KvPartitionSourceOptions() {
  }

  public KvPartitionSourceOptions(KvPartitionSourceOptions other) {
    this(other.toJson());
  }

  public KvPartitionSourceOptions(JsonObject json) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      switch (name) {
        case "bucket" -> setBucket(OptionValues.string(name, value));
        case "key" -> setKey(OptionValues.string(name, value));
        case "replicas" -> setReplicas(OptionValues.integer(name, value));
        case "operationTimeout" -> setOperationTimeout(OptionValues.duration(name, value));
        case "maxEditAttempts" -> setMaxEditAttempts(OptionValues.integer(name, value));
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("key", key).put("replicas", replicas)
        .put("operationTimeout", OptionValues.toJson(operationTimeout)).put("maxEditAttempts", maxEditAttempts);
    return bucket == null ? json : json.put("bucket", bucket);
  }

  /**
   * Checks that the bucket is set.
   *
   * @throws IllegalArgumentException naming the option
   */
  public KvPartitionSourceOptions validate() {
    if (bucket == null) {
      throw new IllegalArgumentException("bucket must be set");
    }
    return this;
  }

  public String getBucket() {
    return bucket;
  }

  /** The bucket of the list (created when missing); a valid KV bucket name. Required. */
  public KvPartitionSourceOptions setBucket(String bucket) {
    this.bucket = OptionValues.checked("bucket", () -> Validator.validateBucketName(bucket, true));
    return this;
  }

  public String getKey() {
    return key;
  }

  /** The key of the list; a valid KV key without wildcards. */
  public KvPartitionSourceOptions setKey(String key) {
    this.key = OptionValues.checked("key", () -> Validator.validateNonWildcardKvKeyRequired(key));
    return this;
  }

  public int getReplicas() {
    return replicas;
  }

  /** Replicas of the bucket when this creates it: 1, or 3 (or 5) on a JetStream cluster. */
  public KvPartitionSourceOptions setReplicas(int replicas) {
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("replicas must be between 1 and 5, was " + replicas);
    }
    this.replicas = replicas;
    return this;
  }

  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  /** Bound of one read or write of the list. */
  public KvPartitionSourceOptions setOperationTimeout(Duration operationTimeout) {
    Objects.requireNonNull(operationTimeout, "operationTimeout");
    if (operationTimeout.isNegative() || operationTimeout.isZero()) {
      throw new IllegalArgumentException("operationTimeout must be > 0, was " + operationTimeout);
    }
    this.operationTimeout = operationTimeout;
    return this;
  }

  public int getMaxEditAttempts() {
    return maxEditAttempts;
  }

  /** How many times a {@link PartitionEditor} change is tried while other editors win the race, at least 1. */
  public KvPartitionSourceOptions setMaxEditAttempts(int maxEditAttempts) {
    if (maxEditAttempts < 1) {
      throw new IllegalArgumentException("maxEditAttempts must be >= 1, was " + maxEditAttempts);
    }
    this.maxEditAttempts = maxEditAttempts;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
