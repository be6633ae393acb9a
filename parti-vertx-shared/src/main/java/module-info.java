/** What parti-vertx and parti-vertx-static share; exported to them only, it is no API. */
module io.parti.vertx.shared {
  exports io.parti.vertx.shared to io.parti.vertx, io.parti.vertx.statics;
}
