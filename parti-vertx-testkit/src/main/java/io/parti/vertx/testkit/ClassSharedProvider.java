package io.parti.vertx.testkit;

import io.vertx.junit5.ParameterClosingConsumer;
import io.vertx.junit5.VertxExtensionParameterProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

import java.util.function.Supplier;

/**
 * A vertx-junit5 parameter that lives as long as the test class: started on first use, shared by the class's tests
 * and closed with the class context, since a NATS server per test method would cost a start each.
 */
abstract class ClassSharedProvider<T extends AutoCloseable> implements VertxExtensionParameterProvider<T> {

  private final Class<T> type;
  private final Supplier<T> start;

  ClassSharedProvider(Class<T> type, Supplier<T> start) {
    this.type = type;
    this.start = start;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String key() {
    return type.getName();
  }

  @Override
  public T newInstance(ExtensionContext extensionContext, ParameterContext parameterContext) {
    return TestScopes.classShared(extensionContext, type, start);
  }

  /** The class context closes it; the end of one test method's scope leaves it to the next test. */
  @Override
  public ParameterClosingConsumer<T> parameterClosingConsumer() {
    return instance -> { };
  }
}
