package io.parti.vertx.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects one {@link NatsServer} per test class into constructors, lifecycle methods and
 * test methods. The server starts on first use and is closed (killed, store deleted) after the class; nested
 * classes share their outer class's server.
 *
 * <pre>{@code
 * @ExtendWith(NatsServerExtension.class)
 * class MyTest {
 *   @Test void works(NatsServer nats) { ... nats.url() ... }
 * }
 * }</pre>
 *
 * <p>Tests in a class share the server, so give buckets and subjects unique names per test.
 */
public final class NatsServerExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == NatsServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return TestScopes.classShared(extensionContext, NatsServer.class, NatsServer::start);
  }
}
