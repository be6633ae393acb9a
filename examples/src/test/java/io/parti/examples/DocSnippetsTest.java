package io.parti.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guides' main snippets are compiled code: a ```java block that follows {@code <!-- snippet: NAME -->} in a
 * guide equals, line for line (after {@link QuickStartReadmeTest#normalise}), the region between
 * {@code // snippet:NAME:begin} and {@code // snippet:NAME:end} in the examples' sources, and every such region is
 * shown somewhere.
 */
class DocSnippetsTest {

  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: ([a-z0-9-]+) -->$");
  private static final Pattern REGION = Pattern.compile("^// snippet:([a-z0-9-]+):(begin|end)$");

  @Test
  void everyMarkedSnippetIsTheCompiledCode() throws IOException {
    Map<String, List<String>> code = regions();
    Map<String, List<String>> docs = snippets();
    assertThat(docs.keySet()).as("snippets shown in the guides").hasSizeGreaterThanOrEqualTo(9)
        .containsExactlyInAnyOrderElementsOf(code.keySet());
    StringBuilder differences = new StringBuilder();
    docs.forEach((name, snippet) -> {
      List<String> expected = QuickStartReadmeTest.normalise(code.get(name));
      List<String> shown = QuickStartReadmeTest.normalise(snippet);
      if (!shown.equals(expected)) {
        differences.append("snippet ").append(name).append(":\n--- guide\n+++ code\n")
            .append(QuickStartReadmeTest.diff(shown, expected));
      }
    });
    if (differences.length() > 0) {
      fail("guides and examples differ; copy the code into the guide:\n" + differences);
    }
  }

  private static Map<String, List<String>> snippets() throws IOException {
    Map<String, List<String>> snippets = new LinkedHashMap<>();
    try (Stream<Path> guides = Files.list(Path.of("../docs"))) {
      for (Path guide : guides.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<String> lines = Files.readAllLines(guide);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = MARKER.matcher(lines.get(i).strip());
          if (!m.matches()) {
            continue;
          }
          assertThat(lines.get(i + 1).strip()).as("the line after the marker %s in %s", m.group(1), guide).isEqualTo("```java");
          int end = i + 2;
          while (!lines.get(end).strip().equals("```")) {
            end++;
          }
          assertThat(snippets.put(m.group(1), lines.subList(i + 2, end))).as("snippet %s shown twice", m.group(1)).isNull();
        }
      }
    }
    return snippets;
  }

  private static Map<String, List<String>> regions() throws IOException {
    Map<String, List<String>> regions = new TreeMap<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(source);
        String open = null;
        List<String> body = new ArrayList<>();
        for (String line : lines) {
          Matcher m = REGION.matcher(line.strip());
          if (m.matches() && m.group(2).equals("begin")) {
            open = m.group(1);
            body = new ArrayList<>();
          } else if (m.matches()) {
            assertThat(m.group(1)).as("region closed in %s", source).isEqualTo(open);
            regions.put(open, body);
            open = null;
          } else if (open != null) {
            body.add(line);
          }
        }
        assertThat(open).as("unclosed region in %s", source).isNull();
      }
    }
    return regions;
  }
}
