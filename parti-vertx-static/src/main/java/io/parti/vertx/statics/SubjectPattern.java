package io.parti.vertx.statics;

import io.parti.vertx.statics.impl.SubjectPatternImpl;

/**
 * A NATS subject template for N partitions, such as {@code orders.{{partition}}} or
 * {@code events.{{key}}.p{{partition}}}: it makes the subject a message is published to and the filter
 * subject a partition's consumer subscribes to.
 * <ul>
 *   <li>{@code {{partition}}} must appear exactly once; it may share a token with literal text
 *       ({@code p{{partition}}}).</li>
 *   <li>{@code {{key}}} may appear at most once, as a whole token; the filter subject has {@code *}
 *       there. The key must be one valid token: see {@link KeyEscaping}.</li>
 *   <li>The rest must be a literal subject: no empty tokens, whitespace, {@code *}, {@code >} or other
 *       {@code {{...}}} placeholders.</li>
 * </ul>
 * Every publish subject of partition p matches {@link #filterSubject(int) filterSubject(p)} and no other
 * partition's filter. Subjects are precomputed per partition, so building one costs at most a
 * concatenation. Immutable and thread-safe.
 */
public interface SubjectPattern {

  /** The partition placeholder. */
  String PARTITION = "{{partition}}";
  /** The key placeholder. */
  String KEY = "{{key}}";

  /** Parses {@code pattern} for {@code partitions} partitions; keys that are not valid tokens are rejected. */
  static SubjectPattern create(String pattern, int partitions) {
    return new SubjectPatternImpl(pattern, partitions, KeyEscaping.REJECT);
  }

  /** Parses {@code pattern} for {@code partitions} partitions with the given key escaping. */
  static SubjectPattern create(String pattern, int partitions, KeyEscaping escaping) {
    return new SubjectPatternImpl(pattern, partitions, escaping);
  }

  /** The subject to publish {@code key} to in {@code partition}. Without {@code {{key}}} the key is not used. */
  String publishSubject(int partition, String key);

  /** The subject of {@code partition} of a pattern without {@code {{key}}}. */
  String publishSubject(int partition);

  /** The subject a consumer of {@code partition} subscribes to ({@code *} in place of {@code {{key}}}). */
  String filterSubject(int partition);

  /** The key of a subject published through this pattern (decoded), or null if it has no key or does not fit. */
  String keyOf(String subject);

  /**
   * The key a key header written by a publisher of this pattern carries (decoded: with {@link KeyEscaping#PERCENT} the
   * header holds the key's token), or null when the value is not one such a publisher writes.
   */
  String keyOfHeader(String value);

  /** Whether the pattern has {@code {{key}}}. */
  boolean hasKey();

  String pattern();

  int partitions();

  KeyEscaping keyEscaping();
}
