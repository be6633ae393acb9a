package io.parti.vertx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@ExtendWith(VertxExtensionSupport.class)
class VertxExtensionSupportTest {

  private Vertx fromBeforeEach;
  private static Vertx previousTestsVertx;

  @BeforeEach
  void remember(Vertx vertx) {
    fromBeforeEach = vertx;
  }

  @AfterEach
  void keep(Vertx vertx) {
    previousTestsVertx = vertx;
  }

  @Test
  void cleanTestPassesWithOneFreshInstancePerTest(Vertx vertx) throws Exception {
    assertThat(vertx).isSameAs(fromBeforeEach).isNotSameAs(previousTestsVertx);
    vertx.timer(150, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    assertThat(VertxTestSupport.blockedThreadWarnings()).isEmpty();
  }

  @Test
  void secondCleanTestAlsoGetsItsOwnInstance(Vertx vertx) {
    assertThat(vertx).isSameAs(fromBeforeEach).isNotSameAs(previousTestsVertx);
  }

  @Test
  void failsATestThatBlocksTheEventLoop() {
    TestExecutionSummary summary = run(BlockingScenario.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    Throwable failure = summary.getFailures().get(0).getException();
    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("has been blocked for");
    assertThat(BlockingScenario.injected.closeFuture().isClosed()).isTrue();
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** Run only through the launcher above (its name keeps Surefire from picking it up): blocks its event loop. */
  @ExtendWith(VertxExtensionSupport.class)
  static class BlockingScenario {
    static VertxInternal injected;

    @Test
    void blocks(Vertx vertx) throws Exception {
      injected = (VertxInternal) vertx;
      Promise<Void> blocked = Promise.promise();
      vertx.runOnContext(v -> {
        VertxTestSupportTest.busyWait(300);
        blocked.complete();
      });
      blocked.future().await(5, TimeUnit.SECONDS);
    }
  }
}
