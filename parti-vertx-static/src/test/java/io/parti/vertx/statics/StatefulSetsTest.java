package io.parti.vertx.statics;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatefulSetsTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void partitionIndexWinsOverTheHostname() {
    assertThat(StatefulSets.partitionIndex(8, env("PARTITION_INDEX", "3", "HOSTNAME", "orders-5")::get)).isEqualTo(3);
    assertThat(StatefulSets.partitionIndex(8, env("PARTITION_INDEX", " 0 ")::get)).isZero();
  }

  @Test
  void hostnameOrdinalIsUsedWhenThereIsNoPartitionIndex() {
    assertThat(StatefulSets.partitionIndex(8, env("HOSTNAME", "orders-consumer-7")::get)).isEqualTo(7);
    assertThat(StatefulSets.partitionIndex(8, env("PARTITION_INDEX", "", "HOSTNAME", "orders-0")::get)).isZero();
    assertThat(StatefulSets.partitionIndex(8, env("HOSTNAME", "orders-05")::get)).isEqualTo(5);
  }

  @Test
  void ordinalParsesTheNumberAfterTheLastDash() {
    assertThat(StatefulSets.ordinal("web-12")).isEqualTo(12);
    assertThat(StatefulSets.ordinal("a-b-3")).isEqualTo(3);
    assertThat(StatefulSets.ordinal("web")).isEqualTo(-1);
    assertThat(StatefulSets.ordinal("web-")).isEqualTo(-1);
    assertThat(StatefulSets.ordinal("-3")).isEqualTo(-1);
    assertThat(StatefulSets.ordinal("web-3a")).isEqualTo(-1);
    assertThat(StatefulSets.ordinal("web-99999999999")).isEqualTo(-1);
  }

  @Test
  void clearErrorsWhenNoIndexCanBeFound() {
    assertThatThrownBy(() -> StatefulSets.partitionIndex(4, env()::get)).isInstanceOf(IllegalStateException.class)
        .hasMessage("no partition index: set PARTITION_INDEX or run as a StatefulSet pod whose HOSTNAME ends in -<ordinal> (neither is set)");
    assertThatThrownBy(() -> StatefulSets.partitionIndex(4, env("HOSTNAME", "laptop")::get)).isInstanceOf(IllegalStateException.class)
        .hasMessage("no partition index: PARTITION_INDEX is not set and HOSTNAME=\"laptop\" does not end in -<ordinal>"
            + " like a StatefulSet pod name (e.g. orders-2)");
    assertThatThrownBy(() -> StatefulSets.partitionIndex(4, env("PARTITION_INDEX", "two", "HOSTNAME", "orders-1")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PARTITION_INDEX=\"two\" is not a partition index (a non-negative integer)");
    assertThatThrownBy(() -> StatefulSets.partitionIndex(4, env("PARTITION_INDEX", "-1")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PARTITION_INDEX=\"-1\" is not a partition index (a non-negative integer)");
  }

  @Test
  void clearErrorsWhenTheIndexIsOutOfRange() {
    assertThatThrownBy(() -> StatefulSets.partitionIndex(4, env("PARTITION_INDEX", "4")::get)).isInstanceOf(IllegalStateException.class)
        .hasMessage("partition index 4 from PARTITION_INDEX=4 is out of range [0, 4): the StatefulSet has more replicas than there are partitions");
    assertThatThrownBy(() -> StatefulSets.partitionIndex(3, env("HOSTNAME", "orders-3")::get)).isInstanceOf(IllegalStateException.class)
        .hasMessage("partition index 3 from the ordinal of HOSTNAME=orders-3 is out of range [0, 3): the StatefulSet has more replicas than there are partitions");
    assertThatThrownBy(() -> StatefulSets.partitionIndex(0, env("PARTITION_INDEX", "0")::get)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be >= 1, was 0");
  }

  /** The real environment, set for a JVM of its own (this one's cannot be changed): not the function compared with itself. */
  @Test
  void readsTheRealEnvironmentByDefault() throws Exception {
    assertThat(probe(8, Map.of("PARTITION_INDEX", "5", "HOSTNAME", "orders-3"))).isEqualTo("5");
    assertThat(probe(8, Map.of("HOSTNAME", "orders-3"))).isEqualTo("3");
    assertThat(probe(8, Map.of("HOSTNAME", "laptop"))).startsWith("error: ").contains("PARTITION_INDEX");
  }

  /** {@code StatefulSets.partitionIndex(partitions)} in a child JVM whose environment is exactly {@code env}. */
  private static String probe(int partitions, Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, StatefulSetsProbe.class.getName(), Integer.toString(partitions));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

}
