/** What parti-vertx and parti-vertx-static share; exported to them only, it is no API. */
module io.parti.vertx.shared {
  requires io.vertx.core;
  requires io.nats.jnats;
  requires micrometer.core;
  requires static io.vertx.metrics.micrometer;

  exports io.parti.vertx.shared to io.parti.vertx, io.parti.vertx.statics;
  exports io.parti.vertx.shared.consumer to io.parti.vertx, io.parti.vertx.statics;
  exports io.parti.vertx.shared.metrics to io.parti.vertx, io.parti.vertx.statics;
}
