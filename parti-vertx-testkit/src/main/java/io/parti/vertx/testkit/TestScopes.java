package io.parti.vertx.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;

/** Finds the extension context that lives as long as the test class. */
final class TestScopes {

  private TestScopes() {}

  /** The nearest context without a test method: the class (or nested class) context. */
  static ExtensionContext classScope(ExtensionContext context) {
    ExtensionContext scope = context;
    while (scope.getTestMethod().isPresent() && scope.getParent().isPresent()) {
      scope = scope.getParent().get();
    }
    return scope;
  }
}
