package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fleet whose processes connect to a leaf node and coordinate through the hub's JetStream: with
 * {@code PartiOptions.setDomain("hub")} every JetStream API request crosses the leaf connection to the hub, the
 * buckets live there (not in the leaf's own JetStream), and the fleet runs, scales and hands off as on one server.
 */
class LeafNodeIT extends FleetTest {

  private static final PartiOptions OPTIONS = new PartiOptions(PartiOptions.fast()).setDomain("hub");

  @Test
  void aFleetOnALeafNodeCoordinatesThroughTheHubsJetStream() throws Exception {
    try (NatsServer hub = NatsServer.startHub("hub", "");
         NatsServer leaf = NatsServer.startLeaf(hub, "leaf", "");
         Fleet fleet = new Fleet(OPTIONS, 8)) {
      for (int i = 0; i < 2; i++) {
        Fleet.await(fleet.startAsync(leaf.url(), OPTIONS, builder -> { }));
      }
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);
      Fleet.await(fleet.startAsync(leaf.url(), OPTIONS, builder -> { })); // a join: partitions move through the hand-off
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
      assertThat(fleet.registry.overlaps()).isEmpty();

      try (Connection onHub = Nats.connect(hub.url()); Connection onLeaf = Nats.connect(leaf.url())) {
        assertThat(onHub.keyValueManagement().getBucketNames()).as("the hub's buckets")
            .contains(fleet.group + "-ids", fleet.group + "-leader", fleet.group + "-hb", fleet.group + "-assign");
        assertThatThrownBy(() -> onLeaf.keyValueManagement().getStatus(fleet.group + "-assign")).as("the leaf's own JetStream")
            .isInstanceOf(JetStreamApiException.class).hasMessageContaining("stream not found");
      }
    }
  }
}
