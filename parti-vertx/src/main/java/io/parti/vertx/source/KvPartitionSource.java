package io.parti.vertx.source;

import io.vertx.core.Handler;

/**
 * A partition list kept in a NATS KV key and watched: every change is delivered to the leader, which
 * rebalances. The value is a JSON array of {@code {"keys":[...],"weight":n}} objects, gzip-compressed when
 * large. Change it with a {@link PartitionEditor}, which checks revisions so concurrent editors never lose
 * an update. A value that cannot be read is ignored (the last good list stays in force) and reported to the
 * exception handler, with a log line and the {@code parti.kv.ignored.values} metric.
 */
public interface KvPartitionSource extends PartitionSource {

  String bucket();

  String key();

  /** Called on the leader's context with every value that was ignored, and why. */
  KvPartitionSource exceptionHandler(Handler<Throwable> handler);
}
