package io.parti.examples.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/demo --scripted}, as the README runs it: the whole story with worker processes, a crash, a graceful
 * leave and a NATS restart, then the totals. It exits 0, its last line is the summary, and the summary says nothing
 * was lost, nothing ran twice at once, and every message produced was handled.
 */
class DemoScriptedIT {

  private static final Pattern SUMMARY = Pattern.compile(
      "produced (\\d+) handled (\\d+) lost (\\d+) duplicates (\\d+)(?: \\((\\d+) from the crash\\))? overlaps (\\d+)");

  @Test
  void theScriptedStoryLosesNothingAndRunsNothingTwice() throws Exception {
    Path output = Files.createTempFile("demo", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        DemoMain.class.getName(), "--scripted", "--port", "0", "--rate", "100")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean exited = demo.waitFor(8, TimeUnit.MINUTES);
    if (!exited) {
      demo.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(output);
    String log = String.join("\n", lines);
    assertThat(exited).as("the demo ends on its own:\n%s", log).isTrue();
    assertThat(demo.exitValue()).as("exit code; output:\n%s", log).isZero();
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as("the last line is the summary:\n%s", log).isTrue();
    long produced = Long.parseLong(summary.group(1));
    assertThat(produced).as("messages produced").isGreaterThan(1000);
    assertThat(Long.parseLong(summary.group(2))).as("handled").isEqualTo(produced);
    assertThat(Long.parseLong(summary.group(3))).as("lost").isZero();
    long duplicates = Long.parseLong(summary.group(4));
    long fromCrash = summary.group(5) == null ? 0 : Long.parseLong(summary.group(5));
    assertThat(duplicates).as("duplicates other than the crash's").isEqualTo(fromCrash);
    assertThat(Long.parseLong(summary.group(6))).as("overlaps").isZero();
    assertThat(log).as("the story's steps").contains("scale up", "crash", "restart", "graceful leave", "NATS restart")
        .doesNotContain("Exception");
  }
}
