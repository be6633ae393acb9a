package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertxTestSupportTest {

  @BeforeEach
  @AfterEach
  void forgetWarnings() {
    VertxTestSupport.clearBlockedThreadWarnings();
  }

  @Test
  void optionsAreStrict() {
    var options = VertxTestSupport.options();
    assertThat(options.getMaxEventLoopExecuteTimeUnit().toMillis(options.getMaxEventLoopExecuteTime()))
        .isEqualTo(100);
    assertThat(options.getBlockedThreadCheckIntervalUnit().toMillis(options.getBlockedThreadCheckInterval()))
        .isEqualTo(50);
  }

  @Test
  void detectsABlockedEventLoopOnTestkitInstances() throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    try {
      vertx.runOnContext(v -> busyWait(300));

      await().atMost(Duration.ofSeconds(5)).until(() -> !VertxTestSupport.blockedThreadWarnings().isEmpty());
      assertThat(VertxTestSupport.blockedThreadWarnings().get(0))
          .contains("vert.x-eventloop-thread")
          .contains("time limit is 100 ms")
          .contains("busyWait");
      assertThatThrownBy(VertxTestSupport::assertNoBlockedThreads)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("blocked-thread warning");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void detectsABlockedEventLoopThroughJulOnAnyInstance() throws Exception {
    Vertx vertx = Vertx.vertx(VertxTestSupport.options());
    try {
      vertx.runOnContext(v -> busyWait(300));

      await().atMost(Duration.ofSeconds(5)).until(() -> !VertxTestSupport.blockedThreadWarnings().isEmpty());
      assertThat(VertxTestSupport.blockedThreadWarnings().get(0)).contains("has been blocked for");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void quickEventLoopWorkRecordsNothing() throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    try {
      long fired = vertx.timer(200, TimeUnit.MILLISECONDS)
          .compose(v -> vertx.executeBlocking(() -> busyWaitAndReturn(300)))
          .await(5, TimeUnit.SECONDS);

      assertThat(fired).isEqualTo(300);
      VertxTestSupport.assertNoBlockedThreads();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  static void busyWait(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static long busyWaitAndReturn(long millis) {
    busyWait(millis);
    return millis;
  }
}
