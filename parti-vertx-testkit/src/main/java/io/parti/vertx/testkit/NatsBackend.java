package io.parti.vertx.testkit;

import java.util.Locale;

/**
 * Where the testkit's nats-server runs: a local binary ({@link NatsServer}, the default where one is installed) or a
 * container of the official {@code nats} image ({@link NatsContainer}, through Testcontainers, where a Docker engine
 * is). The system property {@value #PROPERTY} chooses: {@code auto} (the default: the binary when it is found, else a
 * container when Docker answers), {@code binary} or {@code container}.
 */
public enum NatsBackend {

  BINARY,
  CONTAINER;

  /** The system property that chooses the backend. */
  public static final String PROPERTY = "parti.nats.backend";

  /** The backend for this machine and setting. */
  public static NatsBackend choose() {
    String setting = System.getProperty(PROPERTY, "auto");
    boolean binary = "auto".equals(setting.trim().toLowerCase(Locale.ROOT)) && binaryInstalled();
    return choose(setting, binary, !binary && NatsContainer.dockerAvailable());
  }

  /**
   * The backend for {@code setting} ({@code auto}, {@code binary} or {@code container}), given whether a nats-server
   * binary is installed and whether a Docker engine answers.
   *
   * @throws IllegalArgumentException for another setting, naming it
   * @throws IllegalStateException when {@code auto} finds neither, saying how to get one
   */
  static NatsBackend choose(String setting, boolean binaryInstalled, boolean dockerAvailable) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "binary":
        return BINARY;
      case "container":
        return CONTAINER;
      case "auto":
        if (binaryInstalled) {
          return BINARY;
        }
        if (dockerAvailable) {
          return CONTAINER;
        }
        throw new IllegalStateException("no nats-server for the tests: install the binary (Debian: apt-get install -y "
            + "nats-server, or set " + NatsServerBinary.ENV + ") or run a Docker engine for the container backend");
      default:
        throw new IllegalArgumentException(PROPERTY + " must be auto, binary or container, was '" + setting + "'");
    }
  }

  /** Starts one JetStream server on this backend. */
  public NatsNode start() {
    return this == BINARY ? NatsServer.start() : NatsContainer.start();
  }

  private static boolean binaryInstalled() {
    try {
      NatsServerBinary.locate();
      return true;
    } catch (IllegalStateException notFound) {
      return false;
    }
  }
}
