package io.parti.vertx.consumer;

import io.nats.client.support.Validator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.consumer.PartitionTemplates;
import io.parti.vertx.shared.OptionValues;
import io.parti.vertx.shared.consumer.JetStreamSettings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WorkerConsumer}. JSON as for {@code PartiOptions}: durations in milliseconds or ISO-8601,
 * unknown keys and wrong types rejected naming the option. Setters check their own value; {@link #validate(boolean)} checks
 * what needs several (and that the required ones are set).
 * <p>
 * Templates: in {@code subject} and {@code deadLetterSubject}, {@code {{partition}}} is the partition's keys joined
 * with {@code '.'} (one subject token per key) and {@code {{key0}}}, {@code {{key1}}}... one key each; in
 * {@code durable}, {@code {{group}}} is the coordinator's group and {@code {{partition}}} the partition's id, with
 * every character a consumer name cannot hold written as {@code _XX} (its UTF-8 bytes in hex).
 */
public class WorkerConsumerOptions {

  /** One durable per group and partition: {@value}. */
  public static final String DEFAULT_DURABLE = "{{group}}-{{partition}}";
  /** Messages asked for per pull request: {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 100;
  /**
   * How long a pull request waits for messages: 500 ms. A move waits for the open request to expire, so this bounds how
   * long a moving partition's messages wait, against the idle cost of a pull request per partition this often.
   */
  public static final Duration DEFAULT_FETCH_EXPIRY = Duration.ofMillis(500);
  /** Messages received and not settled per partition at most, also the durable's max ack pending: {@value}. */
  public static final int DEFAULT_MAX_ACK_PENDING = 1000;
  /** The server redelivers a message not acked within this; messages held here are kept alive: 30 s. */
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  /** Attempts at a message before it is given up: {@value}. */
  public static final int DEFAULT_MAX_DELIVER = 5;
  /** Redelivery delay after a first failure, doubled per further one: 1 s. */
  public static final Duration DEFAULT_NAK_DELAY = Duration.ofSeconds(1);
  /** The longest redelivery delay: 60 s. */
  public static final Duration DEFAULT_MAX_NAK_DELAY = Duration.ofSeconds(60);
  /** Handlers of one partition running at once: {@value}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 1;
  /**
   * How long a partition's stop may take, counted from its start: 8 s, within the coordinator's own 10 s bound
   * ({@link PartiOptions#DEFAULT_DRAIN_TIMEOUT}), so the consumer's drain ends, and says so, before the coordinator
   * hands the partition off anyway.
   */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = PartiOptions.DEFAULT_DRAIN_TIMEOUT.minusSeconds(2);
  /** The header whose value is a message's ordering key: {@value}. */
  public static final String DEFAULT_KEY_HEADER = "Parti-Key";

  private String stream;
  private String subject;
  private String durable = DEFAULT_DURABLE;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private Duration fetchExpiry = DEFAULT_FETCH_EXPIRY;
  private int maxAckPending = DEFAULT_MAX_ACK_PENDING;
  private Duration ackWait = DEFAULT_ACK_WAIT;
  private int maxDeliver = DEFAULT_MAX_DELIVER;
  private Duration nakDelay = DEFAULT_NAK_DELAY;
  private Duration maxNakDelay = DEFAULT_MAX_NAK_DELAY;
  private String deadLetterSubject;
  private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
  private boolean orderedByKey;
  private String keyHeader = DEFAULT_KEY_HEADER;
  private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
  private String domain;
  private String apiPrefix;

  public WorkerConsumerOptions() {
  }

  public WorkerConsumerOptions(WorkerConsumerOptions other) {
    this(other.toJson());
  }

  public WorkerConsumerOptions(JsonObject json) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      switch (name) {
        case "stream" -> setStream(OptionValues.string(name, value));
        case "subject" -> setSubject(OptionValues.string(name, value));
        case "durable" -> setDurable(OptionValues.string(name, value));
        case "batchSize" -> setBatchSize(OptionValues.integer(name, value));
        case "fetchExpiry" -> setFetchExpiry(OptionValues.duration(name, value));
        case "maxAckPending" -> setMaxAckPending(OptionValues.integer(name, value));
        case "ackWait" -> setAckWait(OptionValues.duration(name, value));
        case "maxDeliver" -> setMaxDeliver(OptionValues.integer(name, value));
        case "nakDelay" -> setNakDelay(OptionValues.duration(name, value));
        case "maxNakDelay" -> setMaxNakDelay(OptionValues.duration(name, value));
        case "deadLetterSubject" -> setDeadLetterSubject(OptionValues.string(name, value));
        case "maxConcurrency" -> setMaxConcurrency(OptionValues.integer(name, value));
        case "orderedByKey" -> setOrderedByKey(OptionValues.bool(name, value));
        case "keyHeader" -> setKeyHeader(OptionValues.string(name, value));
        case "drainTimeout" -> setDrainTimeout(OptionValues.duration(name, value));
        case "domain" -> setDomain(OptionValues.string(name, value));
        case "apiPrefix" -> setApiPrefix(OptionValues.string(name, value));
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("durable", durable)
        .put("batchSize", batchSize)
        .put("fetchExpiry", OptionValues.toJson(fetchExpiry))
        .put("maxAckPending", maxAckPending)
        .put("ackWait", OptionValues.toJson(ackWait))
        .put("maxDeliver", maxDeliver)
        .put("nakDelay", OptionValues.toJson(nakDelay))
        .put("maxNakDelay", OptionValues.toJson(maxNakDelay))
        .put("maxConcurrency", maxConcurrency)
        .put("orderedByKey", orderedByKey)
        .put("keyHeader", keyHeader)
        .put("drainTimeout", OptionValues.toJson(drainTimeout));
    putIfSet(json, "stream", stream);
    putIfSet(json, "subject", subject);
    putIfSet(json, "deadLetterSubject", deadLetterSubject);
    putIfSet(json, "domain", domain);
    putIfSet(json, "apiPrefix", apiPrefix);
    return json;
  }

  private static void putIfSet(JsonObject json, String name, String value) {
    if (value != null) {
      json.put(name, value);
    }
  }

  /**
   * Checks the required options and those that bound each other.
   *
   * @param jetStream whether for a JetStream consumer (the stream is then required)
   * @throws IllegalArgumentException naming the option
   */
  public WorkerConsumerOptions validate(boolean jetStream) {
    if (jetStream && stream == null) {
      throw new IllegalArgumentException("stream must be set");
    }
    if (subject == null) {
      throw new IllegalArgumentException("subject must be set");
    }
    if (maxAckPending < batchSize) {
      throw new IllegalArgumentException("maxAckPending must be >= batchSize (" + batchSize + "), was " + maxAckPending);
    }
    if (maxNakDelay.compareTo(nakDelay) < 0) {
      throw new IllegalArgumentException("maxNakDelay must be >= nakDelay (" + nakDelay + "), was " + maxNakDelay);
    }
    JetStreamSettings.api(domain, apiPrefix);
    return this;
  }

  public String getStream() {
    return stream;
  }

  /** The stream to consume (it must exist); a valid stream name. Required for JetStream. */
  public WorkerConsumerOptions setStream(String stream) {
    this.stream = OptionValues.checked("stream", () -> Validator.validateStreamName(stream, true));
    return this;
  }

  public String getSubject() {
    return subject;
  }

  /** The subjects of a partition, a template such as {@code orders.{{partition}}.>}. Required. */
  public WorkerConsumerOptions setSubject(String subject) {
    this.subject = OptionValues.checked("subject", () -> PartitionTemplates.checkSubject(subject));
    return this;
  }

  public String getDurable() {
    return durable;
  }

  /** The durable name of a partition, a template; it must hold {@code {{partition}}} so partitions do not share one. */
  public WorkerConsumerOptions setDurable(String durable) {
    this.durable = OptionValues.checked("durable", () -> PartitionTemplates.checkDurable(durable));
    return this;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public WorkerConsumerOptions setBatchSize(int batchSize) {
    this.batchSize = atLeast("batchSize", batchSize, 1);
    return this;
  }

  public Duration getFetchExpiry() {
    return fetchExpiry;
  }

  /** How long a pull request waits for messages, between 50 ms and 60 s; a move waits for the open one to end. */
  public WorkerConsumerOptions setFetchExpiry(Duration fetchExpiry) {
    Objects.requireNonNull(fetchExpiry, "fetchExpiry");
    if (fetchExpiry.compareTo(Duration.ofMillis(50)) < 0 || fetchExpiry.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("fetchExpiry must be between 50 ms and 60 s, was " + fetchExpiry);
    }
    this.fetchExpiry = fetchExpiry;
    return this;
  }

  public int getMaxAckPending() {
    return maxAckPending;
  }

  /** Messages per partition received and not settled at most (the durable's max ack pending); at least the batch size. */
  public WorkerConsumerOptions setMaxAckPending(int maxAckPending) {
    this.maxAckPending = atLeast("maxAckPending", maxAckPending, 1);
    return this;
  }

  public Duration getAckWait() {
    return ackWait;
  }

  /** Past it the server redelivers a message not acked; messages held here are kept alive meanwhile. At least 1 s. */
  public WorkerConsumerOptions setAckWait(Duration ackWait) {
    this.ackWait = atLeast("ackWait", ackWait, Duration.ofSeconds(1));
    return this;
  }

  public int getMaxDeliver() {
    return maxDeliver;
  }

  /**
   * Attempts at a message before it is given up: its deliveries (a hand-back at a move, or a redelivery after the ack
   * wait, is one too) and its in-place retries.
   */
  public WorkerConsumerOptions setMaxDeliver(int maxDeliver) {
    this.maxDeliver = atLeast("maxDeliver", maxDeliver, 1);
    return this;
  }

  public Duration getNakDelay() {
    return nakDelay;
  }

  /** Redelivery delay after a first failure, doubled per further one; at least 1 ms (NATS counts whole ms). */
  public WorkerConsumerOptions setNakDelay(Duration nakDelay) {
    this.nakDelay = atLeast("nakDelay", nakDelay, Duration.ofMillis(1));
    return this;
  }

  public Duration getMaxNakDelay() {
    return maxNakDelay;
  }

  public WorkerConsumerOptions setMaxNakDelay(Duration maxNakDelay) {
    this.maxNakDelay = atLeast("maxNakDelay", maxNakDelay, Duration.ofMillis(1));
    return this;
  }

  public String getDeadLetterSubject() {
    return deadLetterSubject;
  }

  /**
   * Where a given-up message goes (a subject, or a template with {@code {{partition}}}), with its headers (but the
   * {@code Nats-*} ones, directives to the stream it came from) and {@code Parti-Failure}, {@code Parti-Stream},
   * {@code Parti-Subject}, {@code Parti-Stream-Sequence} and {@code Parti-Deliveries}; a template without wildcards,
   * captured by a stream (the message is terminated only once that stream confirmed it). Null (the default): given-up
   * messages are only terminated.
   */
  public WorkerConsumerOptions setDeadLetterSubject(String deadLetterSubject) {
    this.deadLetterSubject = deadLetterSubject == null ? null
        : OptionValues.checked("deadLetterSubject", () -> PartitionTemplates.checkDeadLetterSubject(deadLetterSubject));
    return this;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  /** Handlers of one partition running at once; at 1 (the default) messages are handled one by one in arrival order. */
  public WorkerConsumerOptions setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = atLeast("maxConcurrency", maxConcurrency, 1);
    return this;
  }

  public boolean isOrderedByKey() {
    return orderedByKey;
  }

  /**
   * Handles the messages of one key one at a time, in order, while keys run concurrently (up to maxConcurrency); a
   * failed message is retried in place so later ones of its key wait for it. The key is the {@code keyHeader} header,
   * or the subject when a message has none.
   */
  public WorkerConsumerOptions setOrderedByKey(boolean orderedByKey) {
    this.orderedByKey = orderedByKey;
    return this;
  }

  public String getKeyHeader() {
    return keyHeader;
  }

  public WorkerConsumerOptions setKeyHeader(String keyHeader) {
    if (keyHeader == null || keyHeader.isEmpty()) {
      throw new IllegalArgumentException("keyHeader must be a non-empty header name, was " + keyHeader);
    }
    this.keyHeader = keyHeader;
    return this;
  }

  public Duration getDrainTimeout() {
    return drainTimeout;
  }

  /**
   * How long a partition's stop may wait for its running handlers, counted from the stop's start; keep it below the
   * coordinator's {@code drainTimeout}.
   */
  public WorkerConsumerOptions setDrainTimeout(Duration drainTimeout) {
    this.drainTimeout = atLeast("drainTimeout", drainTimeout, Duration.ofMillis(1));
    return this;
  }

  public String getDomain() {
    return domain;
  }

  /** The JetStream domain of the stream (a leaf node's hub, say): its API is {@code $JS.<domain>.API}. Null: none. */
  public WorkerConsumerOptions setDomain(String domain) {
    this.domain = domain;
    return this;
  }

  public String getApiPrefix() {
    return apiPrefix;
  }

  /** The JetStream API prefix (an account that imports another's JetStream API). Null: {@code $JS.API}. */
  public WorkerConsumerOptions setApiPrefix(String apiPrefix) {
    this.apiPrefix = apiPrefix;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  private static int atLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  private static Duration atLeast(String option, Duration value, Duration min) {
    Objects.requireNonNull(value, option);
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
    }
    return value;
  }
}
