package io.parti.vertx.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The nats-server configuration blocks of docs/security.md, so that the tests run on exactly what the page shows. */
final class SecurityDoc {

  private static final Path PAGE = Path.of("../docs/security.md");

  private SecurityDoc() {
  }

  /** The code block that follows {@code <!-- nats-config: NAME -->} on the page. */
  static String block(String name) throws IOException {
    List<String> lines = Files.readAllLines(PAGE);
    int marker = lines.indexOf("<!-- nats-config: " + name + " -->");
    if (marker < 0 || marker + 1 >= lines.size() || !lines.get(marker + 1).startsWith("```")) {
      throw new IllegalStateException(PAGE + " has no code block marked <!-- nats-config: " + name + " -->");
    }
    int end = marker + 2;
    while (end < lines.size() && !lines.get(end).startsWith("```")) {
      end++;
    }
    return String.join("\n", lines.subList(marker + 2, end)) + "\n";
  }
}
