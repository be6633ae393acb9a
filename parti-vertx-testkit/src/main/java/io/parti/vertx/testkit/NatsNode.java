package io.parti.vertx.testkit;

/**
 * One nats-server with JetStream that a test can break: a local process ({@link NatsServer}) or a container
 * ({@link NatsContainer}). {@link NatsBackend} picks one.
 */
public interface NatsNode extends AutoCloseable {

  /** {@code nats://HOST:PORT}, the same across restarts. */
  String url();

  /** Kills the server (SIGKILL: no flush, no goodbye to clients) and waits until it is gone. */
  void kill();

  /** Freezes the server: connections stay open and nothing answers, like a hung server. */
  void pause();

  /** Thaws a server frozen by {@link #pause()}. */
  void resume();

  /** Kills the server if it runs, then starts it again on the same address and store, and waits until it serves. */
  void restart();

  /** Stops the server and deletes what it stored. */
  @Override
  void close();
}
