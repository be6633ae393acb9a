package io.parti.vertx.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One real {@code nats-server} process with JetStream, bound to 127.0.0.1 on free ports, with its own temporary
 * store directory. Tests can kill it (SIGKILL), pause it (SIGSTOP), resume it (SIGCONT) and restart it on the same
 * port and store, so JetStream data survives a crash and restart.
 *
 * <pre>{@code
 * try (NatsServer server = NatsServer.start()) {
 *   Connection nc = Nats.connect(Options.builder().server(server.url()).build());
 *   ...
 * }
 * }</pre>
 *
 * <p>The server's output goes to a log file beside the store ({@link #logTail(int)}). Every server still running
 * when the JVM exits is killed by a shutdown hook, so a failing test never leaks a process. Thread-safe.
 */
public final class NatsServer implements NatsNode {

  /** How long start-up may take before it fails with the server's log tail. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private static final System.Logger LOG = System.getLogger(NatsServer.class.getName());
  private static final int LOG_TAIL_ON_ERROR = 40;
  /** util-linux's setsid, when installed: it runs the server in a new session (the same process, not a child). */
  private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
      .map(Path::of).filter(Files::isExecutable).findFirst();

  private final NodeConfig config;
  /** The port leaf nodes connect to, or 0 when this server takes none. */
  private final int leafPort;
  private final Path workDir;
  private final Path confFile;
  private final Path logFile;
  private volatile Process process;
  private volatile boolean paused;
  private boolean closed;

  NatsServer(NodeConfig config, Path workDir) {
    this(config, 0, workDir);
  }

  private NatsServer(NodeConfig config, int leafPort, Path workDir) {
    this.config = config;
    this.leafPort = leafPort;
    this.workDir = workDir;
    this.confFile = workDir.resolve(config.name() + ".conf");
    this.logFile = workDir.resolve(config.name() + ".log");
    try {
      Files.writeString(confFile, config.render());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + confFile, e);
    }
  }

  /**
   * Starts a standalone JetStream server on free loopback ports and waits until it serves clients with JetStream.
   *
   * @throws IllegalStateException when nats-server is not installed or does not become ready in time
   */
  public static NatsServer start() {
    return start(null, "");
  }

  /**
   * The same, with configuration of the caller's appended to the server's own (listen address, ports, JetStream):
   * {@code authorization}, {@code accounts}, {@code tls} blocks, variables. JetStream stays on; with {@code accounts},
   * enable it in each account that needs it ({@code jetstream: enabled}). Readiness does not need to log in.
   *
   * @param config nats-server configuration text
   */
  public static NatsServer startWith(String config) {
    return start(null, java.util.Objects.requireNonNull(config, "config"));
  }

  /**
   * The same, with JetStream in the given domain: its API is then also served under {@code $JS.<domain>.API}, which a
   * client reaches with {@code JetStreamOptions.builder().domain(domain)}.
   */
  public static NatsServer startInDomain(String domain) {
    return start(java.util.Objects.requireNonNull(domain, "domain"), "");
  }

  /** In a JetStream domain, with configuration of the caller's appended (see {@link #startWith(String)}). */
  public static NatsServer startInDomain(String domain, String config) {
    return start(java.util.Objects.requireNonNull(domain, "domain"), java.util.Objects.requireNonNull(config, "config"));
  }

  /**
   * A hub: JetStream in {@code domain}, also listening on a free loopback port for leaf nodes ({@link #startLeaf}), with
   * configuration of the caller's appended (see {@link #startWith(String)}).
   */
  public static NatsServer startHub(String domain, String config) {
    return start(java.util.Objects.requireNonNull(domain, "domain"), java.util.Objects.requireNonNull(config, "config"), true, null);
  }

  /**
   * A leaf node of {@code hub} (its own account joined to the hub's default account), with JetStream of its own in
   * {@code domain}; returns once the hub counts the leaf connection. A client of the leaf reaches the hub's JetStream
   * through the hub's domain ({@code $JS.<hub domain>.API}); {@code $JS.API} is the leaf's own.
   */
  public static NatsServer startLeaf(NatsServer hub, String domain, String config) {
    if (hub.leafPort == 0) {
      throw new IllegalArgumentException(hub + " takes no leaf nodes: start it with startHub");
    }
    int before = hub.leafConnections();
    NatsServer leaf = start(java.util.Objects.requireNonNull(domain, "domain"), java.util.Objects.requireNonNull(config, "config"),
        false, hub);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (hub.leafConnections() <= before) {
      if (System.nanoTime() > deadline) {
        leaf.close();
        throw new IllegalStateException(leaf + " did not join " + hub + " as a leaf node within " + READY_TIMEOUT);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return leaf;
  }

  private static NatsServer start(String domain, String config) {
    return start(domain, config, false, null);
  }

  private static NatsServer start(String domain, String config, boolean hub, NatsServer leafOf) {
    NatsServerBinary.locate();
    return ServerStarts.withPortRetries(() -> {
      String name = ServerStarts.uniqueName("nats");
      Path dir = ServerStarts.createWorkDir(name);
      int[] ports = FreePorts.allocate(hub ? 3 : 2);
      String leafnodes = hub ? "leafnodes { listen: \"" + NodeConfig.HOST + ':' + ports[2] + "\" }\n"
          : leafOf != null ? "leafnodes { remotes: [ { url: \"nats-leaf://" + NodeConfig.HOST + ':' + leafOf.leafPort + "\" } ] }\n"
          : "";
      NatsServer server = new NatsServer(NodeConfig.standalone(name, ports[0], ports[1], dir.resolve("store"), domain,
          leafnodes + config), hub ? ports[2] : 0, dir);
      try {
        server.launch();
        server.awaitReady();
        return server;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    });
  }

  /** How many leaf nodes are connected to this server now, from its {@code /leafz}. */
  private int leafConnections() {
    return Monitor.get(monitorPort(), "/leafz")
        .map(body -> java.util.regex.Pattern.compile("\"leafnodes\"\\s*:\\s*(\\d+)").matcher(body))
        .filter(java.util.regex.Matcher::find).map(m -> Integer.parseInt(m.group(1))).orElse(0);
  }

  /** {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return "nats://" + NodeConfig.HOST + ':' + config.clientPort();
  }

  /** The client port (stays the same across restarts). */
  public int port() {
    return config.clientPort();
  }

  /** The HTTP monitoring port on 127.0.0.1 ({@code /varz}, {@code /jsz}, {@code /healthz}). */
  public int monitorPort() {
    return config.monitorPort();
  }

  /** The JetStream store directory (kept across restarts, deleted by {@link #close()}). */
  public Path storeDir() {
    return config.storeDir();
  }

  /** The server name ({@code server_name}), unique within this JVM and across concurrent JVMs. */
  public String name() {
    return config.name();
  }

  /** True between {@link #pause()} and {@link #resume()} (or a kill). */
  public boolean isPaused() {
    return paused && isRunning();
  }

  /** True while the process exists, including while it is paused. */
  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** Kills the process with SIGKILL (a crash: no flush, no goodbye to clients) and waits for it to exit. */
  public synchronized void kill() {
    end(true);
  }

  /**
   * Stops the process gracefully (SIGTERM): the server closes its connections and writes its store out before it exits,
   * as in a planned restart. {@link #restart()} starts it again.
   */
  public synchronized void stop() {
    end(false);
  }

  /** Ends the process, with SIGKILL or SIGTERM, and waits for it to exit. */
  private void end(boolean forcibly) {
    Process current = process;
    if (current == null) {
      return;
    }
    String signal = forcibly ? "SIGKILL" : "SIGTERM";
    if (forcibly) {
      current.destroyForcibly();
    } else {
      current.destroy();
    }
    try {
      if (!current.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("nats-server " + name() + " did not exit 30 s after " + signal);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ending nats-server " + name() + " with " + signal, e);
    }
    process = null;
    paused = false;
  }

  /** Freezes the process with SIGSTOP: connections stay open but nothing answers, like a hung server. */
  public synchronized void pause() {
    signal("STOP");
    paused = true;
  }

  /** Thaws a process frozen by {@link #pause()} with SIGCONT. */
  public synchronized void resume() {
    signal("CONT");
    paused = false;
  }

  /**
   * Kills the process if it runs, then starts it again on the same ports with the same store directory and waits
   * until it is ready. Works after {@link #kill()}. For a cluster node, follow with
   * {@link NatsCluster#awaitMetaLeader()} before relying on JetStream.
   *
   * @throws IllegalStateException when the server is closed, its port was taken meanwhile, or it is not ready in time
   */
  public synchronized void restart() {
    ensureOpen();
    kill();
    launch();
    awaitReady();
  }

  /**
   * Like {@link #restart()}, but on an empty store: every stream, bucket and key is gone, as on a new server that
   * took the old one's address.
   */
  public synchronized void restartEmpty() {
    ensureOpen();
    kill();
    try {
      TempDirs.deleteRecursively(storeDir());
    } catch (IOException e) {
      throw new IllegalStateException("could not empty the store " + storeDir() + " of nats-server " + name(), e);
    }
    launch();
    awaitReady();
  }

  /** The last {@code lines} lines of the server's log (all starts of this server), for diagnostics. */
  public String logTail(int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "";
      }
      List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Kills the process and deletes its store and log. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      LiveServers.unregister(this);
      deleteWorkDir();
    }
  }

  @Override
  public String toString() {
    return "NatsServer[" + name() + ' ' + url() + (isRunning() ? "" : " stopped") + ']';
  }

  /** The process id while running. */
  OptionalLong pid() {
    Process current = process;
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
  }

  /** Starts the process without waiting for it to become ready. */
  synchronized void launch() {
    ensureOpen();
    if (isRunning()) {
      throw new IllegalStateException("nats-server " + name() + " is already running");
    }
    Path binary = NatsServerBinary.locate();
    try {
      Files.writeString(logFile, "==== parti testkit: starting " + name() + " ====\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      // In a session of its own where setsid exists: a Ctrl-C in a terminal reaches the whole foreground process
      // group, and the server must stop after the clients it serves (close(), the shutdown hook), not with them.
      List<String> command = SETSID.isPresent() ? List.of(SETSID.get().toString(), binary.toString(), "-c", confFile.toString())
          : List.of(binary.toString(), "-c", confFile.toString());
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary + " for " + name(), e);
    }
    LiveServers.register(this);
  }

  /** Waits until the client port serves this server and JetStream reports healthy. */
  void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      Process current = process;
      if (current == null || !current.isAlive()) {
        String tail = logTail(LOG_TAIL_ON_ERROR);
        String message = "nats-server " + name() + " exited during start-up"
            + (current == null ? "" : " with code " + current.exitValue()) + "; log tail:\n" + tail;
        throw tail.contains("address already in use") ? new ServerStarts.PortInUseException(message)
            : new IllegalStateException(message);
      }
      if (Monitor.get(config.monitorPort(), "/healthz?js-enabled=true").isPresent()
          && Monitor.clientPortServes(config.clientPort(), name())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nats-server " + name() + " not ready with JetStream after "
            + READY_TIMEOUT.toSeconds() + " s; log tail:\n" + logTail(LOG_TAIL_ON_ERROR));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Best-effort kill without locking, for the JVM shutdown hook. */
  void destroyNow() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
      try {
        current.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteWorkDir();
  }

  private void signal(String signal) {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("nats-server " + name() + " is not running; cannot send SIG" + signal);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(current.pid()))
          .redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + current.pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("nats-server " + name() + " is closed");
    }
  }

  private void deleteWorkDir() {
    try {
      TempDirs.deleteRecursively(workDir);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + workDir, e);
    }
  }
}
