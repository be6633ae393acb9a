package io.parti.vertx.shared.consumer;

import io.nats.client.Connection;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One flush at a time per connection. A flush is a PING waiting for its PONG, and a connection made with
 * {@code maxPingsOut(2)} (as the coordinator recommends) counts three PINGs out at once as a dead server: many
 * partitions subscribing or draining together would otherwise drop the connection they share.
 */
final class Flushes {

  private static final Map<Connection, ReentrantLock> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

  private Flushes() {
  }

  /** Runs {@code flushing} (blocking: never on an event loop) while no other flush of this process runs on {@code connection}. */
  static <T> T serialized(Connection connection, Blocking<T> flushing) throws Exception {
    ReentrantLock lock = LOCKS.computeIfAbsent(connection, c -> new ReentrantLock());
    lock.lock();
    try {
      return flushing.run();
    } finally {
      lock.unlock();
    }
  }

  /** A blocking step that flushes. */
  interface Blocking<T> {
    T run() throws Exception;
  }
}
