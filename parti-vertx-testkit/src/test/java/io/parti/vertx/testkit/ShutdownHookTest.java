package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownHookTest {

  @Test
  void jvmExitKillsServersThatWereNeverClosed() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        LeakingMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String line;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      line = out.readLine();
    }
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(line).as("child output").isNotNull().contains(" ");
    long pid = Long.parseLong(line.split(" ")[0]);
    Path storeDir = Path.of(line.split(" ", 2)[1]);

    await().atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(Files.exists(storeDir)).isFalse();
  }

  /** Starts a server, prints its pid and store directory, and exits without closing it. */
  public static final class LeakingMain {
    public static void main(String[] args) {
      NatsServer server = NatsServer.start();
      System.out.println(server.pid().orElseThrow() + " " + server.storeDir());
      System.out.flush();
    }
  }
}
