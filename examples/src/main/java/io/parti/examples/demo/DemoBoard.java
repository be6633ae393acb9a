package io.parti.examples.demo;

import io.parti.vertx.Partition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live dashboard: a page ({@code /}) that follows server-sent events ({@code /events}): a snapshot of the fleet four
 * times a second (the grid of partitions and workers with each owner and epoch, each partition's message rate, the
 * leader, each worker's state, the running totals and the story's step) and each hand-off the moment its partition
 * starts on its new owner. {@code /state} answers the snapshot as JSON.
 */
final class DemoBoard {

  /** How long a message may wait for its handling before the running totals count it lost. */
  private static final long LOST_AFTER_MS = 30_000;
  private static final int HANDOFFS_SHOWN = 30;

  private final Vertx vertx;
  private final DemoLedger ledger;
  /** The latest status of each worker process, by {@code name/pid}. */
  private final Map<String, JsonObject> statuses = new ConcurrentHashMap<>();
  private final Set<HttpServerResponse> viewers = ConcurrentHashMap.newKeySet();
  private final AtomicLongArray handled = new AtomicLongArray(DemoSetup.PARTITIONS);
  private final long[] countedBefore = new long[DemoSetup.PARTITIONS];
  private final long[] rates = new long[DemoSetup.PARTITIONS];
  private final Deque<JsonObject> handoffs = new ArrayDeque<>();
  private volatile String story = "starting";
  private HttpServer server;

  DemoBoard(Vertx vertx, DemoLedger ledger) {
    this.vertx = vertx;
    this.ledger = ledger;
  }

  void listen(int port) throws Exception {
    String page = page();
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
    router.get("/state").handler(ctx -> ctx.json(snapshot()));
    router.get("/events").handler(ctx -> {
      HttpServerResponse response = ctx.response().setChunked(true).putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      viewers.add(response);
      response.closeHandler(v -> viewers.remove(response));
      response.write("data: " + snapshot().encode() + "\n\n");
    });
    server = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    vertx.setPeriodic(250, id -> push("data: " + snapshot().encode() + "\n\n"));
    vertx.setPeriodic(1000, id -> countRates());
  }

  int port() {
    return server.actualPort();
  }

  int viewers() {
    return viewers.size();
  }

  void story(String step) {
    story = step;
  }

  void status(JsonObject status) {
    statuses.put(status.getString("proc"), status.put("seen", System.currentTimeMillis()));
  }

  void handled(String partition) {
    handled.incrementAndGet(index(partition));
  }

  /** A run report, after the ledger took it: a start on another process than the last run is a hand-off, pushed now. */
  void run(JsonObject report) {
    if (!"start".equals(report.getString("event"))) {
      return;
    }
    String partition = report.getString("p");
    DemoLedger.Run last = ledger.lastEnded(partition);
    JsonObject handoff = new JsonObject().put("p", partition).put("to", name(report.getString("proc")))
        .put("from", last == null ? null : name(last.proc())).put("epoch", report.getLong("epoch")).put("at", report.getLong("at"));
    synchronized (handoffs) {
      handoffs.addFirst(handoff);
      while (handoffs.size() > HANDOFFS_SHOWN) {
        handoffs.removeLast();
      }
    }
    vertx.runOnContext(v -> push("event: handoff\ndata: " + handoff.encode() + "\n\n"));
  }

  /** Whether each of {@code procs} reported STABLE lately, all at one assignment version. */
  boolean allStable(List<String> procs) {
    long now = System.currentTimeMillis();
    return procs.stream().map(statuses::get).allMatch(s -> s != null && now - s.getLong("seen") < 1000
        && "STABLE".equals(s.getString("state")))
        && procs.stream().map(p -> statuses.get(p).getLong("version")).distinct().count() == 1;
  }

  JsonObject snapshot() {
    long now = System.currentTimeMillis();
    Map<String, List<DemoLedger.Run>> open = ledger.open();
    JsonArray workers = new JsonArray();
    String leader = null;
    for (JsonObject status : statuses.values()) {
      boolean alive = now - status.getLong("seen") < 2000;
      if (!alive) {
        continue;
      }
      workers.add(new JsonObject().put("name", status.getString("name")).put("worker", status.getString("worker"))
          .put("state", status.getString("state")).put("leader", status.getBoolean("leader"))
          .put("version", status.getLong("version")));
      if (status.getBoolean("leader")) {
        leader = status.getString("worker");
      }
    }
    JsonArray partitions = new JsonArray();
    for (Partition partition : DemoSetup.partitions()) {
      JsonArray owners = new JsonArray();
      for (DemoLedger.Run run : open.getOrDefault(partition.id(), List.of())) {
        owners.add(new JsonObject().put("name", name(run.proc())).put("epoch", run.epoch()));
      }
      partitions.add(new JsonObject().put("id", partition.id()).put("owners", owners).put("rate", rates[index(partition.id())]));
    }
    DemoLedger.Summary totals = ledger.summary(LOST_AFTER_MS);
    return new JsonObject().put("story", story).put("leader", leader).put("workers", workers).put("partitions", partitions)
        .put("handoffs", recentHandoffs())
        .put("totals", new JsonObject().put("produced", totals.produced()).put("handled", totals.handled())
            .put("lost", totals.lost()).put("duplicates", totals.duplicates()).put("overlaps", totals.overlaps()));
  }

  private JsonArray recentHandoffs() {
    synchronized (handoffs) {
      return new JsonArray(List.copyOf(handoffs));
    }
  }

  private void push(String event) {
    for (HttpServerResponse viewer : viewers) {
      if (!viewer.closed()) {
        viewer.write(event);
      }
    }
  }

  private void countRates() {
    for (int i = 0; i < rates.length; i++) {
      long now = handled.get(i);
      rates[i] = now - countedBefore[i];
      countedBefore[i] = now;
    }
  }

  private static int index(String partition) {
    return Integer.parseInt(partition.substring(1));
  }

  /** The worker name of a {@code name/pid}. */
  private static String name(String proc) {
    return proc.substring(0, proc.indexOf('/'));
  }

  private static String page() throws IOException {
    try (InputStream in = DemoBoard.class.getResourceAsStream("/demo/dashboard.html")) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("demo/dashboard.html is not on the class path"));
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
