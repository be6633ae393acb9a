package io.parti.vertx.statics.impl;

import io.parti.vertx.statics.KeyEscaping;
import io.parti.vertx.statics.SubjectPattern;

import java.util.Objects;

public final class SubjectPatternImpl implements SubjectPattern {

  private final String pattern;
  private final int partitions;
  private final KeyEscaping escaping;
  private final boolean hasKey;
  /** Token index of {@code {{key}}}, and the number of tokens of every subject. */
  private final int keyToken;
  private final int tokens;
  /** Without a key: the whole subject of each partition. With a key: the text before and after it. */
  private final String[] prefixes;
  private final String[] suffixes;
  private final String[] filters;

  public SubjectPatternImpl(String pattern, int partitions, KeyEscaping escaping) {
    Objects.requireNonNull(pattern, "pattern must not be null");
    this.escaping = Objects.requireNonNull(escaping, "escaping must not be null");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    this.pattern = pattern;
    this.partitions = partitions;
    int keyAt = validate(pattern);
    this.hasKey = keyAt >= 0;
    this.tokens = count(pattern, '.', pattern.length()) + 1;
    this.keyToken = hasKey ? count(pattern, '.', keyAt) : -1;
    String before = hasKey ? pattern.substring(0, keyAt) : pattern;
    String after = hasKey ? pattern.substring(keyAt + KEY.length()) : "";
    this.prefixes = new String[partitions];
    this.suffixes = new String[partitions];
    this.filters = new String[partitions];
    for (int p = 0; p < partitions; p++) {
      String index = Integer.toString(p);
      prefixes[p] = before.replace(PARTITION, index);
      suffixes[p] = after.replace(PARTITION, index);
      filters[p] = hasKey ? prefixes[p] + "*" + suffixes[p] : prefixes[p];
    }
  }

  /** Checks the pattern and returns the index of {@code {{key}}} in it, or -1. */
  private static int validate(String pattern) {
    if (pattern.isEmpty()) {
      throw invalid(pattern, "it is empty");
    }
    int partitionCount = 0;
    int keyAt = -1;
    StringBuilder literal = new StringBuilder(pattern.length());
    for (int i = 0; i < pattern.length(); ) {
      if (pattern.startsWith("}}", i)) {
        throw invalid(pattern, "'}}' at index " + i + " closes no placeholder");
      }
      if (!pattern.startsWith("{{", i)) {
        literal.append(pattern.charAt(i++));
        continue;
      }
      int end = pattern.indexOf("}}", i + 2);
      if (end < 0) {
        throw invalid(pattern, "'{{' at index " + i + " is never closed");
      }
      String placeholder = pattern.substring(i, end + 2);
      if (placeholder.equals(PARTITION)) {
        partitionCount++;
        literal.append('0');
      } else if (placeholder.equals(KEY)) {
        if (keyAt >= 0) {
          throw invalid(pattern, KEY + " may appear at most once");
        }
        boolean startsToken = i == 0 || pattern.charAt(i - 1) == '.';
        boolean endsToken = end + 2 == pattern.length() || pattern.charAt(end + 2) == '.';
        if (!startsToken || !endsToken) {
          throw invalid(pattern, KEY + " must be a whole token (between dots), or consumers could not match it with '*'");
        }
        keyAt = i;
        literal.append('k');
      } else {
        throw invalid(pattern, "unknown placeholder " + placeholder + " (only " + PARTITION + " and " + KEY + " exist)");
      }
      i = end + 2;
    }
    if (partitionCount != 1) {
      throw invalid(pattern, PARTITION + " must appear exactly once, found " + partitionCount);
    }
    checkLiteralSubject(pattern, literal.toString());
    return keyAt;
  }

  private static void checkLiteralSubject(String pattern, String subject) {
    String[] parts = subject.split("\\.", -1);
    for (int t = 0; t < parts.length; t++) {
      String token = parts[t];
      if (token.isEmpty()) {
        throw invalid(pattern, "token " + (t + 1) + " is empty (leading, trailing or double '.')");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c == '*' || c == '>') {
          throw invalid(pattern, "it contains the wildcard '" + c + "'; publish subjects must be literal");
        }
        if (SubjectKeys.isSpaceOrControl(c)) {
          throw invalid(pattern, "it contains whitespace or a control character (U+" + String.format("%04X", (int) c) + ")");
        }
      }
    }
  }

  private static IllegalArgumentException invalid(String pattern, String problem) {
    return new IllegalArgumentException("invalid subject pattern " + SubjectKeys.quote(pattern) + ": " + problem);
  }

  private static int count(String s, char c, int end) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " is out of range [0, " + partitions
          + ") of subject pattern " + SubjectKeys.quote(pattern));
    }
  }

  @Override
  public String publishSubject(int partition, String key) {
    checkPartition(partition);
    if (!hasKey) {
      Objects.requireNonNull(key, "key must not be null");
      return prefixes[partition];
    }
    return prefixes[partition] + SubjectKeys.token(key, escaping) + suffixes[partition];
  }

  @Override
  public String publishSubject(int partition) {
    if (hasKey) {
      throw new IllegalStateException("subject pattern " + SubjectKeys.quote(pattern) + " has " + KEY + ": pass the key");
    }
    checkPartition(partition);
    return prefixes[partition];
  }

  @Override
  public String filterSubject(int partition) {
    checkPartition(partition);
    return filters[partition];
  }

  @Override
  public String keyOfHeader(String value) {
    return value == null ? null : escaping == KeyEscaping.PERCENT ? SubjectKeys.key(value, escaping) : value;
  }

  @Override
  public String keyOf(String subject) {
    if (!hasKey || subject == null) {
      return null;
    }
    int start = 0;
    for (int t = 0; t < keyToken; t++) {
      start = subject.indexOf('.', start) + 1;
      if (start == 0) {
        return null;
      }
    }
    int end = subject.indexOf('.', start);
    if (count(subject, '.', subject.length()) + 1 != tokens) {
      return null;
    }
    return SubjectKeys.key(subject.substring(start, end < 0 ? subject.length() : end), escaping);
  }

  @Override
  public boolean hasKey() {
    return hasKey;
  }

  @Override
  public String pattern() {
    return pattern;
  }

  @Override
  public int partitions() {
    return partitions;
  }

  @Override
  public KeyEscaping keyEscaping() {
    return escaping;
  }

  @Override
  public String toString() {
    return "SubjectPattern{" + pattern + ", partitions=" + partitions + ", keyEscaping=" + escaping + "}";
  }
}
