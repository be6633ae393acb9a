package io.parti.vertx.statics;

import io.nats.client.Message;
import io.vertx.core.Future;

/**
 * Handles one message of a static partition, on the consumer's Vert.x context. The returned future
 * says when handling is over: a JetStream message is acknowledged when it succeeds and NAKed for a
 * later redelivery when it fails (or when the handler throws). The handler must not ack the message
 * itself.
 */
@FunctionalInterface
public interface StaticMessageHandler {

  Future<?> handle(Message message);
}
