package io.parti.vertx.testkit;

/**
 * Lets vertx-junit5's {@code VertxExtension} inject a {@link NatsServer} next to {@code Vertx} and
 * {@code VertxTestContext}: found through {@link java.util.ServiceLoader} once the testkit is on the test class path,
 * never called directly. Like {@link NatsServerExtension} (do not register both on one class: they would compete for
 * the parameter), one server per test class, started on first use and closed after the class.
 *
 * <pre>{@code
 * @ExtendWith(VertxExtension.class)
 * class MyTest {
 *   @Test void works(Vertx vertx, VertxTestContext testContext, NatsServer nats) { ... }
 * }
 * }</pre>
 */
public final class NatsServerProvider extends ClassSharedProvider<NatsServer> {

  public NatsServerProvider() {
    super(NatsServer.class, NatsServer::start);
  }
}
