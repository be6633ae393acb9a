package io.parti.vertx.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects one 3-node {@link NatsCluster} per test class into constructors, lifecycle
 * methods and test methods. The cluster starts on first use and is closed after the class; nested classes share
 * it. Tests that kill or pause nodes should restore them (restart/resume) so later tests see a whole cluster.
 *
 * <pre>{@code
 * @ExtendWith(NatsClusterExtension.class)
 * class FailoverTest {
 *   @Test void survivesNodeLoss(NatsCluster cluster) { ... cluster.node(0).kill(); ... }
 * }
 * }</pre>
 */
public final class NatsClusterExtension implements ParameterResolver {

  /** Nodes in the injected cluster. */
  public static final int NODES = 3;

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == NatsCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return TestScopes.classShared(extensionContext, NatsCluster.class, () -> NatsCluster.start(NODES));
  }
}
