package io.parti.vertx.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Names, directories and port-collision retries shared by single servers and clusters. */
final class ServerStarts {

  private static final System.Logger LOG = System.getLogger(ServerStarts.class.getName());
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final int ATTEMPTS = 3;

  private ServerStarts() {}

  /** Runs {@code starter} again (it picks fresh ports) when another process took a chosen port first. */
  static <T> T withPortRetries(Supplier<T> starter) {
    for (int attempt = 1; ; attempt++) {
      try {
        return starter.get();
      } catch (PortInUseException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.log(System.Logger.Level.INFO, "port taken while starting nats-server, retrying: {0}", e.getMessage());
      }
    }
  }

  /** A server or cluster name unique in this JVM and, through the pid, among concurrent JVMs. */
  static String uniqueName(String prefix) {
    return prefix + '-' + ProcessHandle.current().pid() + '-' + SEQUENCE.incrementAndGet();
  }

  static Path createWorkDir(String name) {
    try {
      return Files.createTempDirectory("parti-" + name + '-');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for nats-server " + name, e);
    }
  }

  /** The chosen port was taken by another process between picking and binding it. */
  static final class PortInUseException extends IllegalStateException {
    PortInUseException(String message) {
      super(message);
    }
  }
}
