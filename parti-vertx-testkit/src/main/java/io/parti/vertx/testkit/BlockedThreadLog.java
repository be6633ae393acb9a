package io.parti.vertx.testkit;

import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Collects Vert.x blocked-thread warnings of the whole JVM. Two feeds: a JUL handler on Vert.x's checker logger
 * (any Vert.x instance, when Vert.x logs through JUL, its default when no SLF4J or Log4j2 is present), and a
 * direct checker hook that {@link VertxTestSupport} installs on the instances it creates (works with any logging
 * backend).
 */
final class BlockedThreadLog {

  private static final int STACK_FRAMES = 8;
  /** Slack for the checker's own scheduling and the stall sampler's resolution. */
  private static final long SLACK_NS = 5_000_000;
  private static final List<Warning> WARNINGS = new ArrayList<>();
  private static final System.Logger LOG = System.getLogger(BlockedThreadLog.class.getName());
  /** Held strongly: JUL keeps loggers only weakly, and a collected logger would lose the handler. */
  private static final Logger VERTX_CHECKER_LOGGER = Logger.getLogger(BlockedThreadChecker.LOGGER_NAME);

  static {
    VERTX_CHECKER_LOGGER.addHandler(new RecordingHandler());
    JvmStalls.install();
  }

  /**
   * One warning. Hooked events carry the thread and the blocked window ({@link System#nanoTime()}), so that what
   * kept the task from running inside it can be subtracted when the warning is judged: JVM-wide stalls, or the thread
   * waiting for a CPU. The larger of the two is subtracted, not their sum, so that nothing counts twice. Warnings read
   * from the log carry none.
   */
  record Warning(String message, Thread thread, long from, long to, long limit) {
    boolean excused() {
      if (limit <= 0) {
        return false;
      }
      long keptFromRunning = Math.max(JvmStalls.stalledWithin(from, to), RunQueueWaits.waitedWithin(thread, from, to));
      return (to - from) - keptFromRunning <= limit + SLACK_NS;
    }
  }

  private BlockedThreadLog() {}

  /** Forces the class initialisation that installs the JUL handler. */
  static void install() {
    // the static initialiser did the work
  }

  /** The checker hook for instances the testkit creates: records the event and logs it with the stack. */
  static void onBlocked(BlockedThreadEvent event) {
    Thread thread = event.thread();
    String message = "Thread " + thread.getName() + " has been blocked for " + event.duration() / 1_000_000
        + " ms, time limit is " + event.maxExecTime() / 1_000_000 + " ms" + frames(thread.getStackTrace());
    long now = System.nanoTime();
    record(new Warning(message, thread, now - event.duration(), now, event.maxExecTime()));
    LOG.log(System.Logger.Level.WARNING, message);
  }

  /**
   * The warnings recorded since the last {@link #clear()}, less those that what kept the task from running explains: a
   * task that would have finished within the limit but for a garbage collection pause, the process not being
   * scheduled, or its thread waiting for a CPU on a busy machine, did not block its thread.
   */
  static synchronized List<String> snapshot() {
    List<String> blocked = new ArrayList<>();
    for (Warning w : WARNINGS) {
      if (w.excused()) {
        LOG.log(System.Logger.Level.INFO, "not counted, a JVM-wide stall or the wait for a CPU explains it: "
            + w.message().lines().findFirst().orElse(""));
      } else {
        blocked.add(w.message());
      }
    }
    return blocked;
  }

  static synchronized void clear() {
    WARNINGS.clear();
  }

  private static synchronized void record(Warning warning) {
    WARNINGS.add(warning);
  }

  private static String frames(StackTraceElement[] stack) {
    return Arrays.stream(stack).limit(STACK_FRAMES).map(frame -> "\n    at " + frame).collect(Collectors.joining());
  }

  private static final class RecordingHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        Throwable thrown = record.getThrown();
        BlockedThreadLog.record(new Warning(record.getMessage() + (thrown == null ? "" : frames(thrown.getStackTrace())), null, 0, 0, 0));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
