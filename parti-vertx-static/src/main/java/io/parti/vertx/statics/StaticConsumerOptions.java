package io.parti.vertx.statics;

import io.parti.vertx.shared.OptionValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a consumer of one partition: the routing its publishers use, which partition, and how
 * messages are dispatched to the handler.
 * <p>
 * Dispatch: at most {@link #setMaxConcurrency(int) maxConcurrency} handler futures run at once. With
 * 1 (the default) messages are handled one after another in arrival order. With more and
 * {@link #setOrderedByKey(boolean) orderedByKey}, messages of the same key are still handled one at a
 * time in arrival order while different keys run concurrently; the key is read from the subject's
 * {@code {{key}}} token, or else from the routing's {@code keyHeader}.
 * <p>
 * A consumer holds at most {@link #setMaxPending(int) maxPending} messages that it received and has not
 * finished handling; past that it takes no more until handlers complete (a core NATS subscription then
 * buffers in the client, within jnats' pending limits; a JetStream consumer is simply sent no more).
 */
public class StaticConsumerOptions {

  /** No explicit partition: {@link StatefulSets#partitionIndex(int)} picks it from the environment. */
  public static final int DEFAULT_PARTITION = -1;
  /** Handlers run one at a time. */
  public static final int DEFAULT_MAX_CONCURRENCY = 1;
  /** Messages received and not yet handled that a consumer may hold. */
  public static final int DEFAULT_MAX_PENDING = 1000;
  /** Concurrent handlers are not ordered by key. */
  public static final boolean DEFAULT_ORDERED_BY_KEY = false;
  /** How long {@code stop()} waits for received messages to be handled. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private StaticPartitionOptions routing = new StaticPartitionOptions();
  private int partition = DEFAULT_PARTITION;
  private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
  private int maxPending = DEFAULT_MAX_PENDING;
  private boolean orderedByKey = DEFAULT_ORDERED_BY_KEY;
  private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

  public StaticConsumerOptions() {
  }

  public StaticConsumerOptions(StaticConsumerOptions other) {
    this.routing = new StaticPartitionOptions(other.routing);
    this.partition = other.partition;
    this.maxConcurrency = other.maxConcurrency;
    this.maxPending = other.maxPending;
    this.orderedByKey = other.orderedByKey;
    this.drainTimeout = other.drainTimeout;
  }

  /** From JSON: unknown keys and values of the wrong type fail naming the option. */
  public StaticConsumerOptions(JsonObject json) {
    this();
    fromJson(json);
  }

  /** Reads every key of {@code json} through {@link #apply}; a key nobody knows fails. */
  protected final void fromJson(JsonObject json) {
    for (String name : json.fieldNames()) {
      if (!apply(name, json.getValue(name))) {
        throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }

  /** Sets the option {@code name} from its JSON value; {@code false} when there is no such option. */
  protected boolean apply(String name, Object value) {
    switch (name) {
      case "routing" -> {
        if (!(value instanceof JsonObject)) {
          throw new IllegalArgumentException("routing must be an object, was " + value);
        }
        this.routing = new StaticPartitionOptions((JsonObject) value);
      }
      case "partition" -> this.partition = OptionValues.integer(name, value);
      case "maxConcurrency" -> this.maxConcurrency = OptionValues.integer(name, value);
      case "maxPending" -> this.maxPending = OptionValues.integer(name, value);
      case "orderedByKey" -> this.orderedByKey = OptionValues.bool(name, value);
      case "drainTimeout" -> this.drainTimeout = OptionValues.duration(name, value);
      default -> {
        return false;
      }
    }
    return true;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("routing", routing.toJson())
        .put("partition", partition)
        .put("maxConcurrency", maxConcurrency)
        .put("maxPending", maxPending)
        .put("orderedByKey", orderedByKey)
        .put("drainTimeout", OptionValues.toJson(drainTimeout));
  }

  /** Checks every field; the message names the option that is wrong. Returns these options. */
  public StaticConsumerOptions validate() {
    routing.validate();
    if (partition < DEFAULT_PARTITION || partition >= routing.getPartitions()) {
      throw new IllegalArgumentException("partition must be in [0, " + routing.getPartitions()
          + ") or -1 (from the StatefulSet environment), was " + partition);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
    }
    if (maxPending < maxConcurrency) {
      throw new IllegalArgumentException("maxPending must be >= maxConcurrency (" + maxConcurrency + "), was " + maxPending);
    }
    if (orderedByKey && !routing.getSubjectPattern().contains(SubjectPattern.KEY) && routing.getKeyHeader() == null) {
      throw new IllegalArgumentException("orderedByKey needs the key of each message: use a subjectPattern with "
          + SubjectPattern.KEY + " or set the routing's keyHeader");
    }
    requirePositive("drainTimeout", drainTimeout);
    return this;
  }

  static void requirePositive(String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, was " + value);
    }
  }

  /** The routing shared with the publishers; see {@link StaticPartitionOptions}. */
  public StaticPartitionOptions getRouting() {
    return routing;
  }

  public StaticConsumerOptions setRouting(StaticPartitionOptions routing) {
    this.routing = Objects.requireNonNull(routing, "routing");
    return this;
  }

  /** The partition to consume, or {@value #DEFAULT_PARTITION} to take it from {@link StatefulSets}. */
  public int getPartition() {
    return partition;
  }

  public StaticConsumerOptions setPartition(int partition) {
    this.partition = partition;
    return this;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public StaticConsumerOptions setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  public int getMaxPending() {
    return maxPending;
  }

  public StaticConsumerOptions setMaxPending(int maxPending) {
    this.maxPending = maxPending;
    return this;
  }

  public boolean isOrderedByKey() {
    return orderedByKey;
  }

  public StaticConsumerOptions setOrderedByKey(boolean orderedByKey) {
    this.orderedByKey = orderedByKey;
    return this;
  }

  public Duration getDrainTimeout() {
    return drainTimeout;
  }

  public StaticConsumerOptions setDrainTimeout(Duration drainTimeout) {
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
    return this;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + toJson().encode();
  }
}
