package io.parti.vertx.statics;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectPatternTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ``                                        | it is empty
      `orders`                                  | {{partition}} must appear exactly once, found 0
      `orders.{{partition}}.{{partition}}`      | {{partition}} must appear exactly once, found 2
      `orders.{{key}}.{{key}}.{{partition}}`    | {{key}} may appear at most once
      `orders.k{{key}}.{{partition}}`           | {{key}} must be a whole token (between dots), or consumers could not match it with '*'
      `orders.{{key}}-x.{{partition}}`          | {{key}} must be a whole token (between dots), or consumers could not match it with '*'
      `orders.{{shard}}.{{partition}}`          | unknown placeholder {{shard}} (only {{partition}} and {{key}} exist)
      `orders.{{Partition}}`                    | unknown placeholder {{Partition}} (only {{partition}} and {{key}} exist)
      `orders.{{partition`                      | '{{' at index 7 is never closed
      `orders.partition}}.{{partition}}`        | '}}' at index 16 closes no placeholder
      `orders..{{partition}}`                   | token 2 is empty (leading, trailing or double '.')
      `.orders.{{partition}}`                   | token 1 is empty (leading, trailing or double '.')
      `orders.{{partition}}.`                   | token 3 is empty (leading, trailing or double '.')
      `orders.*.{{partition}}`                  | it contains the wildcard '*'; publish subjects must be literal
      `orders.{{partition}}.>`                  | it contains the wildcard '>'; publish subjects must be literal
      `orders.{{partition}} x`                  | it contains whitespace or a control character (U+0020)
      `orders.{{partition}}\t`                  | it contains whitespace or a control character (U+0009)
      """)
  void rejectsInvalidPatterns(String pattern, String problem) {
    String p = pattern == null ? "" : pattern.replace("\\t", "\t");
    assertThatThrownBy(() -> SubjectPattern.create(p, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid subject pattern \"")
        .hasMessageEndingWith("\": " + problem);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ``          | it is empty
      `a.b`       | it contains '.' at index 1, which would split it into several tokens
      `.`         | it contains '.' at index 0, which would split it into several tokens
      `user.`     | it contains '.' at index 4, which would split it into several tokens
      `*`         | it contains the wildcard '*' at index 0
      `a*`        | it contains the wildcard '*' at index 1
      `>`         | it contains the wildcard '>' at index 0
      `k>1`       | it contains the wildcard '>' at index 1
      `a b`       | it contains whitespace or a control character (U+0020) at index 1
      ` `         | it contains whitespace or a control character (U+0020) at index 0
      `tab\t`     | it contains whitespace or a control character (U+0009) at index 3
      `nl\n`      | it contains whitespace or a control character (U+000A) at index 2
      `nul\u0000`| it contains whitespace or a control character (U+0000) at index 3
      `nbsp\u00a0`| it contains whitespace or a control character (U+00A0) at index 4
      `del\u007f` | it contains whitespace or a control character (U+007F) at index 3
      """)
  void rejectsKeysThatWouldBreakTheSubjectAndNamesThem(String key, String problem) {
    String k = unescape(key == null ? "" : key);
    SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 4);
    assertThatThrownBy(() -> pattern.publishSubject(1, k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid key " + shown(k) + ": " + problem
            + "; it cannot be one subject token (use KeyEscaping.PERCENT to publish such keys)");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `user-42`   | user-42
      ``          | %
      `a.b`       | a%2Eb
      `*`         | %2A
      `>`         | %3E
      `50%`       | 50%25
      `a b`       | a%20b
      `tab\t`     | tab%09
      `café`      | caf%C3%A9
      `🎉`        | %F0%9F%8E%89
      """)
  void percentEscapingMakesEveryKeyOneTokenAndIsReversible(String key, String token) {
    String k = unescape(key == null ? "" : key);
    SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 4, KeyEscaping.PERCENT);
    String subject = pattern.publishSubject(2, k);
    assertThat(subject).isEqualTo("orders." + token + ".2");
    assertThat(pattern.keyOf(subject)).isEqualTo(k);
    assertThat(matches(pattern.filterSubject(2), subject)).isTrue();
  }

  @Test
  void rejectsBadArgumentsNamingThem() {
    assertThatThrownBy(() -> SubjectPattern.create(null, 4)).isInstanceOf(NullPointerException.class)
        .hasMessage("pattern must not be null");
    assertThatThrownBy(() -> SubjectPattern.create("a.{{partition}}", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be >= 1, was 0");
    assertThatThrownBy(() -> SubjectPattern.create("a.{{partition}}", 2, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("escaping must not be null");
    SubjectPattern pattern = SubjectPattern.create("a.{{key}}.{{partition}}", 3);
    assertThatThrownBy(() -> pattern.publishSubject(3, "k")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partition 3 is out of range [0, 3) of subject pattern \"a.{{key}}.{{partition}}\"");
    assertThatThrownBy(() -> pattern.filterSubject(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partition -1 is out of range [0, 3) of subject pattern \"a.{{key}}.{{partition}}\"");
    assertThatThrownBy(() -> pattern.publishSubject(0, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> pattern.publishSubject(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("subject pattern \"a.{{key}}.{{partition}}\" has {{key}}: pass the key");
  }

  @Test
  void buildsSubjectsAndFilters() {
    SubjectPattern keyed = SubjectPattern.create("events.{{key}}.p{{partition}}.v1", 16);
    assertThat(keyed.hasKey()).isTrue();
    assertThat(keyed.publishSubject(7, "user-1")).isEqualTo("events.user-1.p7.v1");
    assertThat(keyed.filterSubject(7)).isEqualTo("events.*.p7.v1");
    assertThat(keyed.keyOf("events.user-1.p7.v1")).isEqualTo("user-1");
    assertThat(keyed.keyOf("events.user-1.p7")).isNull();
    assertThat(keyed.keyOf("events")).isNull();

    SubjectPattern first = SubjectPattern.create("{{partition}}.{{key}}", 2);
    assertThat(first.publishSubject(1, "k")).isEqualTo("1.k");
    assertThat(first.filterSubject(0)).isEqualTo("0.*");
    assertThat(first.keyOf("1.k")).isEqualTo("k");

    SubjectPattern plain = SubjectPattern.create("orders.{{partition}}", 3);
    assertThat(plain.hasKey()).isFalse();
    assertThat(plain.publishSubject(2)).isEqualTo("orders.2").isSameAs(plain.publishSubject(2, "a.b c"));
    assertThat(plain.filterSubject(2)).isEqualTo("orders.2");
    assertThat(plain.keyOf("orders.2")).isNull();
    assertThat(plain).hasToString("SubjectPattern{orders.{{partition}}, partitions=3, keyEscaping=REJECT}");
  }

  @Test
  void acceptsPunctuationKeysUnchanged() {
    SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 4);
    for (String key : new String[] {"a-b_c:d/e", "{{key}}", "%", "~!@#$^&()"}) {
      String subject = pattern.publishSubject(0, key);
      assertThat(subject).isEqualTo("orders." + key + ".0");
      assertThat(pattern.keyOf(subject)).isEqualTo(key);
    }
  }

  /** A client reads a non-ASCII subject back one byte per char (UTF-8 subjects are off by default): another key. */
  @Test
  void rejectsNonAsciiKeysUnlessEscapedPointingToTheEscapingMode() {
    SubjectPattern pattern = SubjectPattern.create("orders.{{key}}.{{partition}}", 4);
    for (String key : new String[] {"café", "日本", "🎉"}) {
      assertThatThrownBy(() -> pattern.publishSubject(0, key)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("non-ASCII character").hasMessageContaining("KeyEscaping.PERCENT");
      SubjectPattern escaping = SubjectPattern.create("orders.{{key}}.{{partition}}", 4, KeyEscaping.PERCENT);
      assertThat(escaping.keyOf(escaping.publishSubject(0, key))).isEqualTo(key);
    }
  }

  /**
   * The core guarantee: whatever the key, a message either fails to publish with an error, or goes to
   * a subject that its own partition's filter matches and no other partition's filter matches.
   */
  @Property(tries = 2000)
  void everyPublishedSubjectMatchesItsOwnConsumerFilterOnly(@ForAll String key, @ForAll @IntRange(min = 0, max = 11) int partition,
                                                            @ForAll boolean escape, @ForAll @IntRange(min = 0, max = 2) int shape) {
    String text = new String[] {"orders.{{key}}.{{partition}}", "p{{partition}}.{{key}}", "x.{{partition}}.{{key}}.y"}[shape];
    SubjectPattern pattern = SubjectPattern.create(text, 12, escape ? KeyEscaping.PERCENT : KeyEscaping.REJECT);
    String subject;
    try {
      subject = pattern.publishSubject(partition, key);
    } catch (IllegalArgumentException rejected) {
      assertThat(escape).as("PERCENT never rejects a key").isFalse();
      assertThat(rejected).hasMessageStartingWith("invalid key ");
      return;
    }
    for (int p = 0; p < 12; p++) {
      assertThat(matches(pattern.filterSubject(p), subject)).as("%s against filter of %d", subject, p).isEqualTo(p == partition);
    }
    // Escaping works on UTF-8, where an unpaired surrogate is '?' (as in String.getBytes and in routing).
    String expectedKey = escape ? new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) : key;
    assertThat(pattern.keyOf(subject)).isEqualTo(expectedKey);
  }

  /** NATS subject matching: '*' matches one token, '>' one or more trailing tokens. */
  static boolean matches(String filter, String subject) {
    String[] f = filter.split("\\.", -1);
    String[] s = subject.split("\\.", -1);
    for (String token : s) {
      if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ')) {
        return false;
      }
    }
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals(">")) {
        return s.length > i;
      }
      if (i >= s.length || !f[i].equals("*") && !f[i].equals(s[i])) {
        return false;
      }
    }
    return f.length == s.length;
  }

  /** Test data spells invisible characters as \t, \n or \\uXXXX. */
  private static String unescape(String s) {
    Matcher m = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(s.replace("\\t", "\t").replace("\\n", "\n"));
    return m.replaceAll(r -> String.valueOf((char) Integer.parseInt(r.group(1), 16)));
  }

  private static String shown(String key) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : key.toCharArray()) {
      out.append(c < ' ' || c == 0x7F || c == 0xA0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append('"').toString();
  }
}
