package io.parti.vertx.impl.env;

import io.vertx.core.json.JsonObject;

/** Where the coordinator's events go: the local event bus in production. */
@FunctionalInterface
public interface EventSink {

  void publish(String address, JsonObject event);
}
