package io.parti.vertx.impl.consumer;

import io.parti.vertx.shared.consumer.PartitionEngine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.util.function.Function;

/** A partition's verticle: starts its consumer engine, and stops it (the drain) when the partition moves away. */
final class EngineVerticle extends VerticleBase {

  private final Function<Vertx, PartitionEngine> engines;
  private PartitionEngine engine;

  EngineVerticle(Function<Vertx, PartitionEngine> engines) {
    this.engines = engines;
  }

  @Override
  public Future<?> start() {
    engine = engines.apply(vertx);
    return engine.start();
  }

  @Override
  public Future<?> stop() {
    return engine.stop();
  }
}
