package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A coordinator's log lines say whose they are, and the normal paths of a fleet log no warning. */
class LogLinesIT extends FleetTest {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger parti = Logger.getLogger("io.parti.vertx");
  private final Logger vertx = Logger.getLogger("io.vertx");
  private final Handler capture = new Handler() {
    @Override public void publish(LogRecord record) {
      records.add(record);
    }
    @Override public void flush() {
    }
    @Override public void close() {
    }
  };

  @BeforeEach
  void capture() {
    parti.addHandler(capture);
    vertx.addHandler(capture);
  }

  @AfterEach
  void release() {
    parti.removeHandler(capture);
    vertx.removeHandler(capture);
  }

  @Test
  void linesNameGroupAndWorkerAndAGracefulLifeLogsNoWarning(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 8)) {
      Fleet.Worker first = fleet.start(nats.url());
      Fleet.Worker second = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);
      String leader = fleet.leader().id();
      second.stop();
      first.stop();

      assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .as("warnings and errors of joining, leading, handing off and leaving gracefully")
          .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
      assertThat(records).filteredOn(r -> r.getLoggerName().startsWith("io.parti.vertx.impl.") && !r.getLoggerName().contains(".kv."))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.getMessage()).matches("\\[" + fleet.group + " (worker-[0-9]+|-)\\] .*"));
      assertThat(records).extracting(LogRecord::getMessage)
          .anyMatch(m -> m.startsWith("[" + fleet.group + " " + leader + "] is the leader, epoch "));
    }
  }

  /** At TRACE, every step of a move has its line, on the worker that takes it: what the hand-off benchmark times. */
  @Test
  void atTraceAMoveLogsEachOfItsSteps(NatsServer nats) throws Exception {
    Logger impl = Logger.getLogger("io.parti.vertx.impl");
    Level before = impl.getLevel();
    impl.setLevel(Level.FINEST);
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 8)) {
      Fleet.Worker first = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().getOrDefault(first.id(), java.util.Set.of()).size() == 8);
      Fleet.Worker second = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().containsKey(second.id())
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      String moved = fleet.registry.byWorker().get(second.id()).iterator().next();
      String from = "[" + fleet.group + " " + first.id() + "] handoff: ";
      String to = "[" + fleet.group + " " + second.id() + "] handoff: ";

      List<String> lines = records.stream().map(LogRecord::getMessage).filter(m -> m.contains("] handoff: ")).toList();
      assertThat(lines).contains(from + "gate-closed " + moved, from + "stopped " + moved, to + "deploying " + moved,
          to + "started " + moved);
      assertThat(lines).anyMatch(m -> m.startsWith(from + "commit-sent v")).anyMatch(m -> m.startsWith(from + "commit-landed v"))
          .anyMatch(m -> m.startsWith(from + "receipt-sent v")).anyMatch(m -> m.startsWith(from + "receipt-landed v"))
          .anyMatch(m -> m.startsWith(from + "receipt-seen " + first.id() + " v"))
          .anyMatch(m -> m.startsWith(to + "record-delivered v"));
    } finally {
      impl.setLevel(before);
    }
  }

  /**
   * Closing Vert.x after the connection dropped (a process shutting down in a NATS outage) is no error of ours
   * either. (Vert.x itself may log "Undeploy failed: Already undeployed" for a partition verticle the coordinator
   * was stopping at that moment: its undeploy-all races the coordinator's own stop. Undeploying the coordinator
   * before closing Vert.x, as the user guide says, avoids it.)
   */
  @Test
  void closingVertxAfterTheConnectionDroppedLogsNoStackTraceOfOursAndNoFailedStop(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 8)) {
      Fleet.Worker worker = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().getOrDefault(worker.id(), java.util.Set.of()).size() == 8);
      worker.crash(); // the connection closes first, then Vert.x, with the coordinator still deployed

      assertThat(records).as("stack traces").filteredOn(r -> r.getThrown() != null && r.getLoggerName().startsWith("io.parti"))
          .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
      assertThat(records).extracting(LogRecord::getMessage).noneMatch(m -> m.contains("failed to stop cleanly"));
    }
  }
}
