package io.parti.vertx.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/** Finds the extension context that lives as long as the test class, and what is shared in it. */
final class TestScopes {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestScopes.class);

  private TestScopes() {}

  /**
   * The test class's one instance of {@code type}, started on first use and closed with the class context (JUnit closes
   * an {@link AutoCloseable} kept in a store): the same one whichever extension injects it.
   */
  static <T extends AutoCloseable> T classShared(ExtensionContext context, Class<T> type, Supplier<T> start) {
    return classScope(context).getStore(NAMESPACE).getOrComputeIfAbsent(type, k -> start.get(), type);
  }

  /** The nearest context without a test method: the class (or nested class) context. */
  static ExtensionContext classScope(ExtensionContext context) {
    ExtensionContext scope = context;
    while (scope.getTestMethod().isPresent() && scope.getParent().isPresent()) {
      scope = scope.getParent().get();
    }
    return scope;
  }
}
