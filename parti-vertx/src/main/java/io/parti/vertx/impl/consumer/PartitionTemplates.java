package io.parti.vertx.impl.consumer;

import io.nats.client.support.Validator;
import io.parti.vertx.Partition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker consumer's templates: subjects with {@code {{partition}}} (the keys joined with '.') and
 * {@code {{keyN}}} (one key), durable names with {@code {{group}}} and {@code {{partition}}} (the id, escaped).
 * Checked once when set, rendered per partition.
 */
public final class PartitionTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern KEY = Pattern.compile("key(\\d{1,3})");
  private static final String PARTITION = "partition";
  private static final String GROUP = "group";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PartitionTemplates() {
  }

  /** Checks a subject filter template: it names the partition, and with a token in each place it is a valid filter. */
  public static String checkSubject(String template) {
    Objects.requireNonNull(template, "must be set");
    if (!PLACEHOLDER.matcher(template).find()) {
      throw new IllegalArgumentException("must name the partition with {{partition}} or {{keyN}}, was \"" + template + "\"");
    }
    return checkRendered(template, true);
  }

  /** Checks a dead-letter subject: a subject without wildcards, which may name the partition. */
  public static String checkDeadLetterSubject(String template) {
    Objects.requireNonNull(template, "must be set");
    return checkRendered(template, false);
  }

  private static String checkRendered(String template, boolean filter) {
    String rendered = render(template, name -> {
      if (!name.equals(PARTITION) && !KEY.matcher(name).matches()) {
        throw new IllegalArgumentException("unknown placeholder {{" + name + "}} (use {{partition}} or {{keyN}}) in \"" + template + "\"");
      }
      return "p";
    });
    Validator.validateSubject(rendered, true);
    if (rendered.startsWith(".") || rendered.endsWith(".") || rendered.contains("..")) {
      throw new IllegalArgumentException("must not have an empty token, was \"" + template + "\"");
    }
    if (!filter && (rendered.contains("*") || rendered.contains(">"))) {
      throw new IllegalArgumentException("must not hold wildcards, was \"" + template + "\"");
    }
    return template;
  }

  /** Checks a durable template: it names the partition, and rendered it is a name the client accepts. */
  public static String checkDurable(String template) {
    Objects.requireNonNull(template, "must be set");
    if (!template.contains("{{" + PARTITION + "}}")) {
      throw new IllegalArgumentException("must hold {{partition}}, so partitions do not share a durable, was \"" + template + "\"");
    }
    Validator.validateDurable(durable(template, "g", Partition.of("p")), true);
    return template;
  }

  /**
   * The subject of {@code partition}.
   *
   * @throws IllegalArgumentException when a key cannot be a subject token, or the template names a key it does not have
   */
  public static String subject(String template, Partition partition) {
    List<String> keys = partition.keys();
    for (String key : keys) {
      if (key.chars().anyMatch(c -> c <= ' ' || c == '.' || c == '*' || c == '>' || c == 0x7F)) {
        throw new IllegalArgumentException("partition " + partition.id() + ": key \"" + key + "\" cannot be a subject token");
      }
    }
    return render(template, name -> {
      if (name.equals(PARTITION)) {
        return String.join(".", keys);
      }
      int index = Integer.parseInt(KEY.matcher(name).replaceAll("$1"));
      if (index >= keys.size()) {
        throw new IllegalArgumentException("partition " + partition.id() + " has no key " + index + " for {{" + name + "}}");
      }
      return keys.get(index);
    });
  }

  /** The durable name of {@code partition} in {@code group}; injective: two partitions never share one. */
  public static String durable(String template, String group, Partition partition) {
    return render(template, name -> switch (name) {
      case GROUP -> group;
      case PARTITION -> escape(partition.id());
      default -> throw new IllegalArgumentException("unknown placeholder {{" + name + "}} (use {{group}} and {{partition}})");
    });
  }

  /** Letters and digits as they are; any other character as '_' and its UTF-8 bytes in hex (so no '-' or '.' is left). */
  static String escape(String id) {
    StringBuilder out = new StringBuilder(id.length() + 8);
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && Character.isLetterOrDigit(c)) {
        out.append(c);
      } else {
        out.append('_').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  private static String render(String template, java.util.function.UnaryOperator<String> value) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 16);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
