package io.parti.vertx;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * docs/configuration.md lists every option of {@link PartiOptions} with the code's default, and each preset's
 * timings as the presets set them: an option added, renamed or re-defaulted without the docs fails the build.
 */
class ConfigurationDocTest {

  private static final Path GUIDE = Path.of("../docs/configuration.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z]+)` \\| ([^|]+) \\|(.*)$");
  private static final Pattern DURATION = Pattern.compile("^([0-9.]+) (ms|s|min)$");

  @Test
  void everyOptionIsListedWithTheDefaultOfTheCode() throws IOException {
    Map<String, String> documented = rows(section("## Every option", "### Rules checked"));
    JsonObject defaults = new PartiOptions().toJson();
    TreeSet<String> options = new TreeSet<>(defaults.fieldNames());
    options.addAll(List.of("instanceId", "domain", "apiPrefix")); // written only when set
    assertThat(new TreeSet<>(documented.keySet())).isEqualTo(options);
    assertSoftly(soft -> documented.forEach((option, text) -> {
      Object value = defaults.getValue(option);
      soft.assertThat(parse(text, value)).as("default of %s: %s", option, text).isEqualTo(normalize(value));
    }));
  }

  @Test
  void thePresetsTableSaysWhatEachPresetSets() throws IOException {
    String table = section("## Presets", "## JSON");
    JsonObject subSecond = PartiOptions.subSecond().toJson();
    JsonObject fast = PartiOptions.fast().toJson();
    JsonObject defaults = PartiOptions.defaults().toJson();
    JsonObject conservative = PartiOptions.conservative().toJson();
    int checked = 0;
    for (String line : table.split("\n")) {
      Matcher m = Pattern.compile("^\\| `([a-zA-Z]+)` \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$").matcher(line);
      if (m.find() && fast.containsKey(m.group(1))) {
        String option = m.group(1);
        assertThat(parse(m.group(2).trim(), subSecond.getValue(option))).as("subSecond() %s", option)
            .isEqualTo(normalize(subSecond.getValue(option)));
        assertThat(parse(m.group(3).trim(), fast.getValue(option))).as("fast() %s", option).isEqualTo(normalize(fast.getValue(option)));
        assertThat(parse(m.group(4).trim(), defaults.getValue(option))).as("defaults() %s", option).isEqualTo(normalize(defaults.getValue(option)));
        assertThat(parse(m.group(5).trim(), conservative.getValue(option))).as("conservative() %s", option)
            .isEqualTo(normalize(conservative.getValue(option)));
        checked++;
      }
    }
    assertThat(checked).as("timings in the presets table").isEqualTo(13);
  }

  /** The documented value, in the form {@link #normalize} gives the code's. */
  private static Object parse(String text, Object codeValue) {
    String t = text.trim();
    Matcher duration = DURATION.matcher(t);
    if (duration.matches()) {
      BigDecimal amount = new BigDecimal(duration.group(1));
      BigDecimal millis = amount.multiply(BigDecimal.valueOf(switch (duration.group(2)) {
        case "ms" -> 1;
        case "s" -> 1000;
        default -> 60_000;
      }));
      return Duration.ofMillis(millis.longValueExact());
    }
    if (t.equals("unset (`null`)")) {
      return "null";
    }
    String literal = t.replace("`", "");
    if (literal.startsWith("\"") && literal.endsWith("\"")) {
      return literal.substring(1, literal.length() - 1);
    }
    return literal;
  }

  private static Object normalize(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number && !(value instanceof Integer)) {
      return Duration.ofMillis(((Number) value).longValue()); // durations are written as milliseconds
    }
    return value.toString();
  }

  private static Map<String, String> rows(String section) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(1), m.group(2).trim());
      }
    }
    return rows;
  }

  private static String section(String from, String to) throws IOException {
    String guide = Files.readString(GUIDE);
    return guide.substring(guide.indexOf(from), guide.indexOf(to));
  }
}
