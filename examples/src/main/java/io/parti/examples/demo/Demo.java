package io.parti.examples.demo;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The demo's world: a nats-server of its own, worker processes ({@link DemoWorker}, each a JVM), a producer, the
 * ledger that judges what happened and the dashboard that shows it. The story ({@link DemoStory}) drives it through
 * these methods; the browser test does too.
 */
final class Demo implements AutoCloseable {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final NatsServer nats;
  private final Connection connection;
  private final Vertx vertx;
  private final DemoLedger ledger = new DemoLedger();
  private final DemoBoard board;
  private final Path logs;
  private final Map<String, Process> workers = new LinkedHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private volatile int rate;
  private Thread producer;

  private Demo(NatsServer nats, Connection connection, Vertx vertx, Path logs, int port) throws Exception {
    this.nats = nats;
    this.connection = connection;
    this.vertx = vertx;
    this.logs = logs;
    this.board = new DemoBoard(vertx, ledger);
    board.listen(port);
  }

  /** Starts nats-server, the streams, the ledger's feeds and the dashboard on {@code port} (0: any free port). */
  static Demo start(Path logs, int port) throws Exception {
    Files.createDirectories(logs);
    NatsServer nats = NatsServer.start();
    // jnats logs every failed reconnect attempt as SEVERE by default; the story says what happens instead.
    Connection connection = Nats.connect(new Options.Builder().server(nats.url()).connectionName("demo").maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(100)).errorListener(new ErrorListener() { })
        .connectionListener(new ConnectionListener() {
          private boolean down; // jnats tells every failed attempt: say it once

          @Override
          public synchronized void connectionEvent(Connection conn, Events event) {
            if (event == Events.DISCONNECTED && !down || event == Events.RECONNECTED && down) {
              down = event == Events.DISCONNECTED;
              DemoStory.say("  the demo's NATS connection " + (down ? "is down" : "is back"));
            }
          }
        }).build());
    DemoSetup.createStreams(connection.jetStreamManagement());
    Demo demo = new Demo(nats, connection, Vertx.vertx(), logs, port);
    demo.follow();
    return demo;
  }

  String dashboardUrl() {
    return "http://127.0.0.1:" + board.port() + "/";
  }

  String natsUrl() {
    return nats.url();
  }

  DemoBoard board() {
    return board;
  }

  DemoLedger.Summary summary() {
    return ledger.summary();
  }

  /** Starts a worker process named {@code name} (its instance id: a name started again gets its worker id back). */
  synchronized void startWorker(String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), DemoWorker.class.getName(), nats.url(), name));
    if (Files.isExecutable(SETSID)) {
      // A session of its own: Ctrl-C in the terminal reaches the demo only, which then has each worker leave in turn.
      command.add(0, SETSID.toString());
    }
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()))
        .start();
    workers.put(name, process);
  }

  /** Kills a worker process (SIGKILL): no leave, no drain; its partitions move once the leader declares it dead. */
  synchronized void crash(String name) throws InterruptedException {
    Process process = workers.get(name);
    long at = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    process.destroyForcibly().waitFor();
    ledger.crashed(name + "/" + process.pid(), at);
  }

  /** Stops a worker process gracefully (SIGTERM): it hands its partitions off, then exits. */
  void leave(String name) throws InterruptedException {
    Process process;
    synchronized (this) {
      process = workers.get(name);
    }
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Stops nats-server gracefully, leaves it down for {@code outage}, and starts it again on the same store. */
  void restartNats(Duration outage) throws InterruptedException {
    nats.stop();
    Thread.sleep(outage.toMillis());
    nats.restart();
  }

  /** Publishes {@code perSecond} messages a second, round-robin over the partitions, until {@link #stopProducing()}. */
  synchronized void startProducing(int perSecond) {
    rate = perSecond;
    producer = new Thread(this::produce, "demo-producer");
    producer.setDaemon(true);
    producer.start();
  }

  void stopProducing() throws InterruptedException {
    Thread running;
    synchronized (this) {
      rate = 0;
      running = producer;
    }
    if (running != null) {
      running.join();
    }
  }

  /**
   * Whether the fleet is settled: every live worker process reports STABLE at one assignment version, and every
   * partition runs on exactly one of them.
   */
  boolean converged() {
    List<String> live = liveProcs();
    Map<String, List<DemoLedger.Run>> open = ledger.open();
    return !live.isEmpty() && board.allStable(live) && DemoSetup.partitions().stream()
        .allMatch(p -> open.getOrDefault(p.id(), List.of()).size() == 1 && live.contains(open.get(p.id()).get(0).proc()));
  }

  List<String> problems() {
    return ledger.problems();
  }

  /** Whether every message produced so far was handled. */
  boolean drained() {
    return ledger.summary().lost() == 0;
  }

  static void await(String what, Duration atMost, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within " + atMost.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

  /** The worker processes that run, as {@code name/pid}. */
  synchronized List<String> liveProcs() {
    List<String> live = new ArrayList<>();
    workers.forEach((name, process) -> {
      if (process.isAlive()) {
        live.add(name + "/" + process.pid());
      }
    });
    return live;
  }

  @Override
  public void close() throws Exception {
    stopProducing();
    List<Thread> leaving = new ArrayList<>();
    for (String name : List.copyOf(workers.keySet())) {
      Thread t = new Thread(() -> {
        try {
          leave(name);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      leaving.add(t);
    }
    for (Thread t : leaving) {
      t.join();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    connection.close();
    nats.close();
  }

  /** Feeds the ledger and the dashboard: the report stream (every report, in order) and the workers' statuses. */
  private void follow() throws Exception {
    Dispatcher dispatcher = connection.createDispatcher();
    connection.jetStream().subscribe(DemoSetup.REPORT_PREFIX + ">", dispatcher, message -> {
      JsonObject report = new JsonObject(new String(message.getData(), StandardCharsets.UTF_8));
      if (message.getSubject().endsWith(".handled")) {
        ledger.handled(report.getLong("id"), report.getString("proc"), report.getLong("delivery", 0L));
        board.handled(report.getString("p"));
      } else {
        ledger.run(report);
        board.run(report);
      }
    }, false, PushSubscribeOptions.builder().ordered(true).build());
    connection.createDispatcher(message -> board.status(new JsonObject(new String(message.getData(), StandardCharsets.UTF_8))))
        .subscribe(DemoSetup.STATUS_PREFIX + ">");
  }

  private void produce() {
    JetStream js;
    try {
      js = connection.jetStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long started = System.nanoTime();
    long sent = 0;
    while (rate > 0) {
      long due = (System.nanoTime() - started) * rate / 1_000_000_000L;
      if (sent >= due || connection.getStatus() != Connection.Status.CONNECTED) {
        sleep(5);
        if (connection.getStatus() != Connection.Status.CONNECTED) {
          started = System.nanoTime(); // not behind after an outage: the rate resumes, it does not catch up
          sent = 0;
        }
        continue;
      }
      long id = nextId.getAndIncrement();
      String partition = "p" + (id % DemoSetup.PARTITIONS);
      js.publishAsync("demo.work." + partition, Long.toString(id).getBytes(StandardCharsets.UTF_8))
          .thenAccept(ack -> ledger.produced(id));
      sent++;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
