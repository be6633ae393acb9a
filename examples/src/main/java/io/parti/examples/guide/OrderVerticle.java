package io.parti.examples.guide;

import io.parti.vertx.PartitionContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

// snippet:order-verticle:begin
public final class OrderVerticle extends VerticleBase {

  private final PartitionContext ctx;
  private final Set<Future<Void>> inFlight = new HashSet<>();
  private MessageConsumer<JsonObject> consumer;

  public OrderVerticle(PartitionContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer("orders." + ctx.partition().id(), msg -> {
      if (!ctx.isOwned()) {                      // revoked: the partition is being handed off
        msg.fail(503, "partition " + ctx.partition().id() + " is moving");
        return;
      }
      Future<Void> work = process(msg.body(), ctx.epoch());
      inFlight.add(work);
      work.onComplete(ar -> inFlight.remove(work));
      work.onSuccess(v -> msg.reply("ok")).onFailure(e -> msg.fail(500, e.getMessage()));
    });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    // The drain: stop taking work, then wait for what is in flight.
    return consumer.unregister().compose(v -> Future.join(new ArrayList<>(inFlight)));
  }

  private Future<Void> process(JsonObject order, long epoch) {
    // e.g. write to a store that rejects writes whose epoch is lower than the last one it saw
    return Future.succeededFuture();
  }
}
// snippet:order-verticle:end
