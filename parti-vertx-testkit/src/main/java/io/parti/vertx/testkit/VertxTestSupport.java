package io.parti.vertx.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x instances for tests that are strict about blocking: an event-loop task may run at most
 * {@value #MAX_EVENT_LOOP_EXECUTE_TIME_MS} ms, the checker looks every {@value #BLOCKED_THREAD_CHECK_INTERVAL_MS} ms,
 * and every blocked-thread warning (from any Vert.x instance in the JVM) is recorded so a test can fail on it.
 * {@link VertxExtensionSupport} does this around each test; code that manages its own instances calls
 * {@link #vertx()} and {@link #assertNoBlockedThreads()}.
 */
public final class VertxTestSupport {

  /** The longest an event-loop task may run before Vert.x reports the thread blocked. */
  public static final long MAX_EVENT_LOOP_EXECUTE_TIME_MS = 100;
  /** How often the blocked-thread checker looks. */
  public static final long BLOCKED_THREAD_CHECK_INTERVAL_MS = 50;
  /** Past this much blocking the warning carries the blocked thread's stack. */
  public static final long WARNING_EXCEPTION_TIME_MS = 100;

  private VertxTestSupport() {}

  /** Fresh options with the strict blocked-thread settings above; callers may change anything else. */
  public static VertxOptions options() {
    BlockedThreadLog.install();
    return new VertxOptions()
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_EXECUTE_TIME_MS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(BLOCKED_THREAD_CHECK_INTERVAL_MS)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(WARNING_EXCEPTION_TIME_MS)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  /** A new Vert.x instance with {@link #options()}; the caller closes it. */
  public static Vertx vertx() {
    return vertx(options());
  }

  /**
   * A new Vert.x instance with the given options, whose blocked-thread events are recorded whatever logging
   * backend is in use. The caller closes it.
   */
  public static Vertx vertx(VertxOptions options) {
    BlockedThreadLog.install();
    Vertx vertx = Vertx.vertx(options);
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(BlockedThreadLog::onBlocked);
    // Each event loop registers itself: only from inside a thread is its Linux thread id known.
    ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loop -> loop.execute(RunQueueWaits::registerCurrentThread));
    return vertx;
  }

  /** The blocked-thread warnings recorded since the last {@link #clearBlockedThreadWarnings()}. */
  public static List<String> blockedThreadWarnings() {
    return BlockedThreadLog.snapshot();
  }

  /** Forgets the recorded warnings (the extension does this before each test). */
  public static void clearBlockedThreadWarnings() {
    BlockedThreadLog.clear();
  }

  /** Throws an {@link AssertionError} listing every blocked-thread warning recorded since the last clear. */
  public static void assertNoBlockedThreads() {
    List<String> warnings = blockedThreadWarnings();
    if (!warnings.isEmpty()) {
      throw new AssertionError(warnings.size() + " Vert.x blocked-thread warning(s) (event-loop limit "
          + MAX_EVENT_LOOP_EXECUTE_TIME_MS + " ms):\n" + String.join("\n", warnings));
    }
  }
}
