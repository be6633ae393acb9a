package io.parti.vertx.impl.env;

import io.parti.vertx.Partition;
import io.parti.vertx.source.PartitionSource;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Consumer;

/** Starts a user's own {@link PartitionSource}, which is written against the real Vert.x and connection. */
@FunctionalInterface
public interface SourceHost {

  Future<Void> start(PartitionSource source, Consumer<List<Partition>> listener);
}
