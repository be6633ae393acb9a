package io.parti.vertx.statics;

import io.nats.client.support.Validator;
import io.parti.vertx.shared.OptionValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link JsStaticConsumer}: a durable pull consumer of one partition on an existing stream.
 * <p>
 * A message is acknowledged after its handler's future succeeds. When it fails, the message is NAKed
 * with a delay of {@code nakDelay * 2^(deliveries-1)}, capped at {@code maxNakDelay}, so a poison
 * message cannot hot-loop; on its {@code maxDeliver}-th failed delivery it is terminated instead. The
 * durable's {@code max_ack_pending} is the consumer's {@link #setMaxPending(int) maxPending}, so the
 * server never hands it more unacknowledged messages than it may hold.
 */
public class JsStaticConsumerOptions extends StaticConsumerOptions {

  /**
   * No durable name set: it is derived from the stream and the subject pattern ({@link #durableName(int)}), so that two
   * services reading one stream with other patterns never share (and rewrite) one durable.
   */
  public static final String DEFAULT_DURABLE = null;
  /** Messages asked for per pull request. */
  public static final int DEFAULT_BATCH_SIZE = 100;
  /** How long a pull request waits for messages; also bounds how long {@code stop()} waits for the last one. */
  public static final Duration DEFAULT_FETCH_EXPIRY = Duration.ofSeconds(2);
  /** Shortest fetch expiry jnats accepts. */
  public static final Duration MIN_FETCH_EXPIRY = Duration.ofSeconds(1);
  /** Longest fetch expiry: past it the derived pull heartbeat exceeds the client's limit. */
  public static final Duration MAX_FETCH_EXPIRY = Duration.ofSeconds(60);
  /** The server redelivers a message not acknowledged within this time; long handlers are kept alive. */
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  /** Deliveries of one message before it is given up (terminated). */
  public static final int DEFAULT_MAX_DELIVER = 5;
  /** The redelivery delay after a message's first failure. */
  public static final Duration DEFAULT_NAK_DELAY = Duration.ofSeconds(1);
  /** The longest redelivery delay. */
  public static final Duration DEFAULT_MAX_NAK_DELAY = Duration.ofSeconds(60);

  private String stream;
  private String durable = DEFAULT_DURABLE;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private Duration fetchExpiry = DEFAULT_FETCH_EXPIRY;
  private Duration ackWait = DEFAULT_ACK_WAIT;
  private int maxDeliver = DEFAULT_MAX_DELIVER;
  private Duration nakDelay = DEFAULT_NAK_DELAY;
  private Duration maxNakDelay = DEFAULT_MAX_NAK_DELAY;
  private String domain;
  private String apiPrefix;

  public JsStaticConsumerOptions() {
  }

  public JsStaticConsumerOptions(JsStaticConsumerOptions other) {
    super(other);
    this.stream = other.stream;
    this.durable = other.durable;
    this.batchSize = other.batchSize;
    this.fetchExpiry = other.fetchExpiry;
    this.ackWait = other.ackWait;
    this.maxDeliver = other.maxDeliver;
    this.nakDelay = other.nakDelay;
    this.maxNakDelay = other.maxNakDelay;
    this.domain = other.domain;
    this.apiPrefix = other.apiPrefix;
  }

  /** From JSON: unknown keys and values of the wrong type fail naming the option. */
  public JsStaticConsumerOptions(JsonObject json) {
    fromJson(json);
  }

  @Override
  protected boolean apply(String name, Object value) {
    switch (name) {
      case "stream" -> this.stream = OptionValues.string(name, value);
      case "durable" -> this.durable = OptionValues.string(name, value);
      case "batchSize" -> this.batchSize = OptionValues.integer(name, value);
      case "fetchExpiry" -> this.fetchExpiry = OptionValues.duration(name, value);
      case "ackWait" -> this.ackWait = OptionValues.duration(name, value);
      case "maxDeliver" -> this.maxDeliver = OptionValues.integer(name, value);
      case "nakDelay" -> this.nakDelay = OptionValues.duration(name, value);
      case "maxNakDelay" -> this.maxNakDelay = OptionValues.duration(name, value);
      case "domain" -> this.domain = OptionValues.string(name, value);
      case "apiPrefix" -> this.apiPrefix = OptionValues.string(name, value);
      default -> {
        return super.apply(name, value);
      }
    }
    return true;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = super.toJson();
    if (durable != null) {
      json.put("durable", durable);
    }
    if (domain != null) {
      json.put("domain", domain);
    }
    if (apiPrefix != null) {
      json.put("apiPrefix", apiPrefix);
    }
    return json
        .put("stream", stream)
        .put("batchSize", batchSize)
        .put("fetchExpiry", OptionValues.toJson(fetchExpiry))
        .put("ackWait", OptionValues.toJson(ackWait))
        .put("maxDeliver", maxDeliver)
        .put("nakDelay", OptionValues.toJson(nakDelay))
        .put("maxNakDelay", OptionValues.toJson(maxNakDelay));
  }

  @Override
  public JsStaticConsumerOptions validate() {
    super.validate();
    requireName("stream", stream);
    if (durable != null) {
      requireName("durable", durable.replace(SubjectPattern.PARTITION, "0"));
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (fetchExpiry.compareTo(MIN_FETCH_EXPIRY) < 0 || fetchExpiry.compareTo(MAX_FETCH_EXPIRY) > 0) {
      throw new IllegalArgumentException("fetchExpiry must be between " + MIN_FETCH_EXPIRY + " and " + MAX_FETCH_EXPIRY + ", was " + fetchExpiry);
    }
    requirePositive("ackWait", ackWait);
    if (maxDeliver < 1) {
      throw new IllegalArgumentException("maxDeliver must be >= 1, was " + maxDeliver);
    }
    if (getMaxPending() < batchSize) {
      throw new IllegalArgumentException("maxPending must be >= batchSize (" + batchSize + "), was " + getMaxPending());
    }
    requireMillisecond("nakDelay", nakDelay);
    io.parti.vertx.shared.consumer.JetStreamSettings.api(domain, apiPrefix);
    if (maxNakDelay.compareTo(nakDelay) < 0) {
      throw new IllegalArgumentException("maxNakDelay must be >= nakDelay (" + nakDelay + "), was " + maxNakDelay);
    }
    return this;
  }

  private static void requireName(String option, String name) {
    if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '.' || c == '*' || c == '>' || c == 0x7F)) {
      throw new IllegalArgumentException(option + " must be a non-empty name without whitespace, '.', '*' or '>', was "
          + (name == null ? "null" : "\"" + name + "\""));
    }
    try { // and what the client itself refuses (a '/' or '\\' would hang start() and stop() otherwise)
      if (option.equals("stream")) {
        Validator.validateStreamName(name, true);
      } else {
        Validator.validateDurable(name, true);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage() + ", was \"" + name + "\"", e);
    }
  }

  /** NATS counts NAK delays in whole milliseconds: anything shorter would become an immediate redelivery. */
  private static void requireMillisecond(String option, Duration value) {
    if (value.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(option + " must be at least 1 ms, was " + value);
    }
  }

  /**
   * The durable name for {@code partition}: the {@code durable} set, with the partition in place of
   * {@code {{partition}}}; or, by default, {@code parti-<head>-<hash>-<partition>}, where the head is the pattern's first
   * token (letters and digits, at most 16) and the hash 8 hex digits of the XXH3 of the stream and the pattern.
   */
  public String durableName(int partition) {
    if (durable != null) {
      return durable.replace(SubjectPattern.PARTITION, Integer.toString(partition));
    }
    String pattern = getRouting().getSubjectPattern() == null ? "" : getRouting().getSubjectPattern();
    String head = pattern.split("\\.", 2)[0].replaceAll("[^A-Za-z0-9]", "");
    long hash = net.openhft.hashing.LongHashFunction.xx3().hashChars(stream + " " + pattern);
    return "parti-" + (head.length() > 16 ? head.substring(0, 16) : head) + "-"
        + String.format("%08x", hash & 0xFFFFFFFFL) + "-" + partition;
  }

  @Override
  public JsStaticConsumerOptions setRouting(StaticPartitionOptions routing) {
    super.setRouting(routing);
    return this;
  }

  @Override
  public JsStaticConsumerOptions setPartition(int partition) {
    super.setPartition(partition);
    return this;
  }

  @Override
  public JsStaticConsumerOptions setMaxConcurrency(int maxConcurrency) {
    super.setMaxConcurrency(maxConcurrency);
    return this;
  }

  @Override
  public JsStaticConsumerOptions setMaxPending(int maxPending) {
    super.setMaxPending(maxPending);
    return this;
  }

  @Override
  public JsStaticConsumerOptions setOrderedByKey(boolean orderedByKey) {
    super.setOrderedByKey(orderedByKey);
    return this;
  }

  @Override
  public JsStaticConsumerOptions setDrainTimeout(Duration drainTimeout) {
    super.setDrainTimeout(drainTimeout);
    return this;
  }

  /** The existing stream to consume from; required. */
  public String getStream() {
    return stream;
  }

  public JsStaticConsumerOptions setStream(String stream) {
    this.stream = stream;
    return this;
  }

  /** The durable consumer name; may contain {@code {{partition}}}. Null (the default): derived, see {@link #durableName(int)}. */
  public String getDurable() {
    return durable;
  }

  public JsStaticConsumerOptions setDurable(String durable) {
    this.durable = durable;
    return this;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public JsStaticConsumerOptions setBatchSize(int batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  public Duration getFetchExpiry() {
    return fetchExpiry;
  }

  public JsStaticConsumerOptions setFetchExpiry(Duration fetchExpiry) {
    this.fetchExpiry = Objects.requireNonNull(fetchExpiry, "fetchExpiry");
    return this;
  }

  public Duration getAckWait() {
    return ackWait;
  }

  public JsStaticConsumerOptions setAckWait(Duration ackWait) {
    this.ackWait = Objects.requireNonNull(ackWait, "ackWait");
    return this;
  }

  public int getMaxDeliver() {
    return maxDeliver;
  }

  public JsStaticConsumerOptions setMaxDeliver(int maxDeliver) {
    this.maxDeliver = maxDeliver;
    return this;
  }

  public Duration getNakDelay() {
    return nakDelay;
  }

  public JsStaticConsumerOptions setNakDelay(Duration nakDelay) {
    this.nakDelay = Objects.requireNonNull(nakDelay, "nakDelay");
    return this;
  }

  public Duration getMaxNakDelay() {
    return maxNakDelay;
  }

  public JsStaticConsumerOptions setMaxNakDelay(Duration maxNakDelay) {
    this.maxNakDelay = Objects.requireNonNull(maxNakDelay, "maxNakDelay");
    return this;
  }

  /** The JetStream domain of the stream (a leaf node's hub, say): its API is {@code $JS.<domain>.API}. Null: none. */
  public String getDomain() {
    return domain;
  }

  public JsStaticConsumerOptions setDomain(String domain) {
    this.domain = domain;
    return this;
  }

  /** The JetStream API prefix (an account that imports another's JetStream API). Null: {@code $JS.API}. */
  public String getApiPrefix() {
    return apiPrefix;
  }

  public JsStaticConsumerOptions setApiPrefix(String apiPrefix) {
    this.apiPrefix = apiPrefix;
    return this;
  }
}
