package io.parti.vertx.impl;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * One coordinator's log: every line starts with {@code [group worker-id]} ({@code -} before an id is claimed), so
 * the lines of several coordinators, or of a worker that re-joined under another id, stay apart. A line is built
 * only when its level is on. Logger names stay the classes' names, through {@link #of}.
 */
public final class CoordinatorLog {

  private final String group;
  private volatile String worker = "-";

  public CoordinatorLog(String group) {
    this.group = group;
  }

  /** The worker id the lines carry from now on; {@code null} between sessions. */
  void workerId(String id) {
    worker = id == null ? "-" : id;
  }

  /** The log of {@code source}'s lines. */
  public Source of(Class<?> source) {
    return new Source(System.getLogger(source.getName()));
  }

  /** Lines of one class, prefixed with the coordinator. */
  public final class Source {

    private final System.Logger logger;

    private Source(System.Logger logger) {
      this.logger = logger;
    }

    public void error(Supplier<String> message, Throwable error) {
      log(Level.ERROR, message, error);
    }

    public void error(Supplier<String> message) {
      log(Level.ERROR, message, null);
    }

    public void warning(Supplier<String> message) {
      log(Level.WARNING, message, null);
    }

    public void info(Supplier<String> message) {
      log(Level.INFO, message, null);
    }

    public void debug(Supplier<String> message) {
      log(Level.DEBUG, message, null);
    }

    /**
     * A step of a hand-off ({@code handoff: <step> <subject>}), at TRACE: with it on, the lines time every step of a
     * move (the hand-off benchmark reads them).
     */
    public void handoffStep(String step, String subject) {
      if (logger.isLoggable(Level.TRACE)) {
        log(Level.TRACE, () -> "handoff: " + step + " " + subject, null);
      }
    }

    /** The same, for a step about a version: {@code handoff: <step> [<worker> ]v<version>}. */
    public void handoffStep(String step, String worker, long version) {
      if (logger.isLoggable(Level.TRACE)) {
        log(Level.TRACE, () -> "handoff: " + step + " " + (worker == null ? "" : worker + " ") + "v" + version, null);
      }
    }

    private void log(Level level, Supplier<String> message, Throwable error) {
      if (logger.isLoggable(level)) {
        String line = "[" + group + " " + worker + "] " + message.get();
        if (error == null) {
          logger.log(level, line);
        } else {
          logger.log(level, line, error);
        }
      }
    }
  }
}
