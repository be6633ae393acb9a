package io.parti.vertx.it;

import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;


/**
 * Base of the coordinator integration tests: a real nats-server per class, strict blocked-thread checking
 * around every test, and a warm-up once per JVM.
 * <p>
 * The warm-up runs one coordinator through deploy and undeploy before any test, so that the JVM's first use
 * of Jackson, Netty buffers, lambdas and our own classes (class loading and initialisation, which can take
 * a few hundred ms on a loaded 2-core machine) is not blamed on whichever event-loop task touches them
 * first. Blocking in our code is still caught: every test's own run is checked.
 */
@ExtendWith(NatsServerExtension.class)
abstract class FleetTest {

  @BeforeAll
  static void warmUp(NatsServer nats) throws Exception {
    Fleet.warmUp(nats.url());
  }

  @BeforeEach
  void clearBlockedThreadWarnings() {
    VertxTestSupport.clearBlockedThreadWarnings();
  }

  @AfterEach
  void failOnBlockedThreads() {
    VertxTestSupport.assertNoBlockedThreads();
  }
}
