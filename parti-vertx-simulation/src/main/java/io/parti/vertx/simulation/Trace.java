package io.parti.vertx.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The readable history of a seed: what every process logged and published, the faults, the runs, in virtual
 * time. Recording it costs time, so a seed runs without it and runs again with it only when it fails; the
 * coordinators' log lines reach the trace of the history running on the current thread.
 */
final class Trace {

  private static final ThreadLocal<Trace> CURRENT = new ThreadLocal<>();
  private static final Logger ROOT = Logger.getLogger("io.parti");

  /** Routes the coordinators' log lines to the trace of the history running on the current thread, and nowhere else. */
  static void install() {
    // the class initializer does the work
  }

  static {
    ROOT.setUseParentHandlers(false);
    // -Dparti.sim.logLevel=FINE adds the coordinators' DEBUG lines to a replay's trace.
    ROOT.setLevel(Level.parse(System.getProperty("parti.sim.logLevel", "INFO")));
    ROOT.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        Trace trace = CURRENT.get();
        if (trace != null) {
          trace.log(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
  }

  private final Simulation simulation;
  private final List<String> lines = new ArrayList<>();

  Trace(Simulation simulation) {
    this.simulation = simulation;
  }

  /** Routes the coordinators' log lines on this thread to this trace until {@link #detach()}. */
  void attach() {
    CURRENT.set(this);
  }

  void detach() {
    CURRENT.remove();
  }

  void add(SimProcess process, String line) {
    lines.add(Checker.ms(simulation.queue().now()) + " " + (process == null ? "-" : process.name()) + " " + line);
  }

  private void log(LogRecord record) {
    add(simulation.queue().running(), record.getLevel() + " " + record.getMessage());
    if (record.getThrown() != null && record.getMessage().startsWith("DEBUG")) {
      for (StackTraceElement e : record.getThrown().getStackTrace()) {
        if (e.getClassName().startsWith("io.parti")) {
          add(simulation.queue().running(), "    at " + e);
        }
      }
    }

  }

  List<String> lines() {
    return lines;
  }
}
