package io.parti.vertx.shared.consumer;

import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveriesTest {

  /** The reply subjects jnats knows: each field read must be what jnats' own parser reads. */
  private static final String[] REPLIES = {
      "$JS.ACK.ORDERS.orders-3.1.17.15.1733540000000000000",                           // 8 tokens, no pending
      "$JS.ACK.ORDERS.orders-3.4.17.12.1733540000000000000.0",                         // 9 tokens
      "$JS.ACK.hub.ACCHASH123.ORDERS.orders-3.27.170.120.1733540000000000000.5",       // 11 tokens: domain and hash
      "$JS.ACK.hub.ACCHASH123.ORDERS.orders-3.1234567.170.120.1733540000000000000.5.xyz", // 12 tokens
  };

  @Test
  void readsTheDeliveredCountAndStreamSequenceAsJnatsDoes() {
    for (String reply : REPLIES) {
      // jnats parses the reply of a message it received from JetStream: this one says it was.
      NatsMessage received = new NatsMessage("s", reply, new byte[0]) {
        @Override
        public boolean isJetStream() {
          return true;
        }
      };
      NatsJetStreamMetaData jnats = new NatsJetStreamMetaData(received);
      assertThat(Deliveries.parse(reply, Deliveries.DELIVERED)).as(reply).isEqualTo(jnats.deliveredCount());
      assertThat(Deliveries.parse(reply, Deliveries.STREAM_SEQUENCE)).as(reply).isEqualTo(jnats.streamSequence());
      assertThat(Deliveries.parse(reply, Deliveries.TIMESTAMP)).as(reply).isEqualTo(1733540000000000000L);
    }
  }

  @Test
  void leavesOtherShapesToJnats() {
    assertThat(Deliveries.parse("$JS.ACK.a.b.c", Deliveries.DELIVERED)).isEqualTo(-1);
    assertThat(Deliveries.parse("$JS.ACK.a.b.c.d.e.f.g.h", Deliveries.DELIVERED)).as("10 tokens").isEqualTo(-1);
    assertThat(Deliveries.parse("$JS.ACK.ORDERS.c.x1.17.17.1", Deliveries.DELIVERED)).as("not a number").isEqualTo(-1);
  }
}
