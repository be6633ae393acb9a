package io.parti.vertx.testkit;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects strict {@link Vertx} instances ({@link VertxTestSupport#options()}) and fails a
 * test on any Vert.x blocked-thread warning recorded while it ran.
 *
 * <p>A {@code Vertx} parameter of a test and its {@code @BeforeEach}/{@code @AfterEach} methods is one fresh instance
 * per test, closed (and awaited) after the test, before the blocked-thread check. A {@code Vertx} resolved for a
 * constructor or {@code @BeforeAll} method lives as long as that scope. Do not register vertx-junit5's
 * {@code VertxExtension} on the same class: both would resolve {@code Vertx}.
 *
 * <pre>{@code
 * @ExtendWith(VertxExtensionSupport.class)
 * class MyVerticleTest {
 *   @Test void deploys(Vertx vertx) { ... }
 * }
 * }</pre>
 */
public final class VertxExtensionSupport implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VertxExtensionSupport.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    VertxTestSupport.clearBlockedThreadWarnings();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    ScopedVertx scoped = context.getStore(NAMESPACE).get(key(context), ScopedVertx.class);
    if (scoped != null) {
      scoped.close();
    }
    try {
      VertxTestSupport.assertNoBlockedThreads();
    } finally {
      VertxTestSupport.clearBlockedThreadWarnings();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == Vertx.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return extensionContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(key(extensionContext), k -> new ScopedVertx(), ScopedVertx.class)
        .get();
  }

  /** Keyed by scope: a plain key would also find a parent scope's instance, since stores look up their parents. */
  private static String key(ExtensionContext context) {
    return "vertx:" + context.getUniqueId();
  }
}
