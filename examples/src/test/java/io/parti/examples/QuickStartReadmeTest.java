package io.parti.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's quick start is {@link QuickStart}'s code: the java block of its "## Quick start" section equals, line
 * for line, what QuickStart.java holds between {@code // quick-start:begin} and {@code // quick-start:end}, both
 * with their common indentation and trailing spaces removed.
 */
class QuickStartReadmeTest {

  static final String BEGIN = "// quick-start:begin";
  static final String END = "// quick-start:end";

  @Test
  void theReadmeQuickStartIsQuickStartsCode() throws IOException {
    Path module = moduleDir();
    Path readme = module.resolve("../README.md").normalize();
    Path source = module.resolve("src/main/java/io/parti/examples/QuickStart.java");

    List<String> code = normalise(markedRegion(Files.readAllLines(source), source));
    List<String> snippet = normalise(quickStartBlock(Files.readAllLines(readme), readme));

    assertThat(code).as("the marked region of %s", source).isNotEmpty();
    if (!snippet.equals(code)) {
      fail("The README's quick start (" + readme + ") differs from the code between \"" + BEGIN + "\" and \"" + END
          + "\" in " + source + ". Copy the marked code into the README's ```java block (dedented).\n"
          + "--- README.md\n+++ QuickStart.java\n" + diff(snippet, code));
    }
  }

  @Test
  void normalisingStripsCommonIndentationAndTrailingSpacesOnly() {
    assertThat(normalise(List.of("", "    a(); ", "      b();", "", "    }  ", "")))
        .containsExactly("a();", "  b();", "", "}");
  }

  @Test
  void theDiffShowsTheChangedLine() {
    assertThat(diff(List.of("a", "b", "c"), List.of("a", "B", "c")))
        .isEqualTo("  a\n- b\n+ B\n  c\n");
  }

  /** The examples module: surefire runs with it as the working directory (and says so in {@code basedir}). */
  private static Path moduleDir() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("src/main/java/io/parti/examples/QuickStart.java"))
        && Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.resolve("examples");                      // run from the reactor root (an IDE, say)
    }
    return dir;
  }

  /** The lines strictly between the begin and end markers. */
  static List<String> markedRegion(List<String> lines, Path file) {
    int begin = indexOf(lines, BEGIN, 0, file);
    int end = indexOf(lines, END, begin + 1, file);
    return lines.subList(begin + 1, end);
  }

  private static int indexOf(List<String> lines, String marker, int from, Path file) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("no line \"" + marker + "\" in " + file + (from > 0 ? " after line " + from : ""));
  }

  /** The first ```java block of the README's "## Quick start" section, without its fences. */
  static List<String> quickStartBlock(List<String> lines, Path file) {
    int section = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("## Quick start")) {
        section = i;
        break;
      }
    }
    if (section < 0) {
      throw new AssertionError("no \"## Quick start\" section in " + file);
    }
    for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      if (lines.get(i).strip().equals("```java")) {
        for (int j = i + 1; j < lines.size(); j++) {
          if (lines.get(j).strip().equals("```")) {
            return lines.subList(i + 1, j);
          }
        }
        throw new AssertionError("the ```java block of the Quick start section of " + file + " is not closed");
      }
    }
    throw new AssertionError("no ```java block in the Quick start section of " + file);
  }

  /**
   * Trailing whitespace removed from every line, leading and trailing blank lines dropped, and the indentation
   * common to the non-blank lines removed.
   */
  static List<String> normalise(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.stripTrailing());
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    int indent = out.stream().filter(l -> !l.isEmpty())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    out.replaceAll(l -> l.isEmpty() ? l : l.substring(indent));
    return out;
  }

  /** A line diff ("  " same, "- " only in {@code a}, "+ " only in {@code b}) by longest common subsequence. */
  static String diff(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.append("  ").append(a.get(i++)).append('\n');
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.append("- ").append(a.get(i++)).append('\n');
      } else {
        out.append("+ ").append(b.get(j++)).append('\n');
      }
    }
    return out.toString();
  }
}
