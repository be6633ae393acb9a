package io.parti.vertx.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code nats-server} executable: system property, then environment variable, then {@code PATH}. */
final class NatsServerBinary {

  static final String PROPERTY = "nats.server.bin";
  static final String ENV = "NATS_SERVER_BIN";
  private static final String INSTALL_HINT =
      "Install it (Debian/Ubuntu: `apt-get install -y nats-server`) or point the environment variable "
          + ENV + " (or the system property " + PROPERTY + ") at the executable.";

  private NatsServerBinary() {}

  /** Returns the executable to run; throws {@link IllegalStateException} explaining how to install it. */
  static Path locate() {
    String explicit = System.getProperty(PROPERTY);
    String origin = "system property " + PROPERTY;
    if (explicit == null || explicit.isBlank()) {
      explicit = System.getenv(ENV);
      origin = "environment variable " + ENV;
    }
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "nats-server not found: " + origin + " is '" + explicit + "', which is not an executable file. " + INSTALL_HINT);
      }
      return path;
    }
    String pathVar = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "nats-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("nats-server not found on PATH (" + pathVar + "). " + INSTALL_HINT);
  }
}
