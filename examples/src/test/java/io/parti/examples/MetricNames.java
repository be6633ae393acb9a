package io.parti.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The meter names docs/operations.md lists, and those the code registers. */
final class MetricNames {

  private static final Path ROOT = Path.of("..");
  private static final Pattern DOC_ROW = Pattern.compile("^\\| `(parti\\.[a-z.]+)` \\| ([a-z]+)");
  private static final Pattern LITERAL = Pattern.compile("\"(parti(?:\\.[a-z]+)+)\"");

  private MetricNames() {
  }

  /** Every meter name in the metrics section of the operations guide, in order. */
  static List<String> documented() throws IOException {
    return rows().stream().map(r -> r[0]).toList();
  }

  /** The coordinator's gauges: present in every running coordinator's registry. */
  static List<String> coordinatorMetricsAlwaysPresent() throws IOException {
    return rows().stream().filter(r -> r[1].equals("gauge") && !r[0].startsWith("parti.consumer.")).map(r -> r[0]).toList();
  }

  /** The names registered by the metrics classes (string literals {@code "parti.x.y"}), sorted. */
  static TreeSet<String> inCode() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (Path dir : List.of(ROOT.resolve("parti-vertx/src/main/java/io/parti/vertx/impl/metrics"),
        ROOT.resolve("parti-vertx-shared/src/main/java/io/parti/vertx/shared/metrics"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Matcher m = LITERAL.matcher(Files.readString(file));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  /** The name Prometheus shows, up to its type's suffix: {@code parti.kv.operation} is {@code parti_kv_operation}. */
  static String prometheus(String name) {
    return name.replace('.', '_');
  }

  private static List<String[]> rows() throws IOException {
    String guide = Files.readString(ROOT.resolve("docs/operations.md"));
    String section = guide.substring(guide.indexOf("## Metrics"), guide.indexOf("## Health checks"));
    List<String[]> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      Matcher m = DOC_ROW.matcher(line);
      if (m.find()) {
        rows.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return rows;
  }
}
