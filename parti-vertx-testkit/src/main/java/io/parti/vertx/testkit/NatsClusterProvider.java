package io.parti.vertx.testkit;

/**
 * Lets vertx-junit5's {@code VertxExtension} inject a 3-node {@link NatsCluster} next to {@code Vertx} and
 * {@code VertxTestContext}: found through {@link java.util.ServiceLoader} once the testkit is on the test class path,
 * never called directly. Like {@link NatsClusterExtension} (do not register both on one class: they would compete for
 * the parameter), one cluster per test class, started on first use and closed after the class.
 *
 * <pre>{@code
 * @ExtendWith(VertxExtension.class)
 * class MyTest {
 *   @Test void works(Vertx vertx, VertxTestContext testContext, NatsCluster cluster) { ... }
 * }
 * }</pre>
 */
public final class NatsClusterProvider extends ClassSharedProvider<NatsCluster> {

  public NatsClusterProvider() {
    super(NatsCluster.class, () -> NatsCluster.start(NatsClusterExtension.NODES));
  }
}
