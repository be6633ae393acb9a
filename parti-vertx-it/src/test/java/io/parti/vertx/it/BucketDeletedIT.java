package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.PartiCoordinatorImpl;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A coordination bucket an operator deletes under a running fleet is reported, and not created again behind their back. */
class BucketDeletedIT extends FleetTest {

  @Test
  void aDeletedBucketIsReportedAndNotRecreatedWhileRunning(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 8); Connection admin = Nats.connect(nats.url())) {
      Fleet.Worker worker = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().getOrDefault(worker.id(), java.util.Set.of()).size() == 8);
      String bucket = new PartiOptions().setGroup(fleet.group).heartbeatBucket();
      KeyValueManagement kvm = admin.keyValueManagement();

      kvm.delete(bucket);

      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.handoffEvents.stream()
          .anyMatch(e -> "bucket-missing".equals(e.getString("event")) && bucket.equals(e.getString("bucket"))));
      assertThat(((PartiCoordinatorImpl) worker.coordinator).degradedReason()).isEqualTo("bucket-missing");
      // Past its id lease deadline it has self-fenced and keeps trying to re-join, and the bucket stays gone.
      Duration watch = PartiOptions.fast().getWorkerIdTtl().plusSeconds(2);
      await().during(watch).atMost(watch.plusSeconds(5)).until(() -> !exists(kvm, bucket));
      // Writes to the other buckets keep being answered meanwhile (the circuit opens and closes): the reason stays.
      assertThat(((PartiCoordinatorImpl) worker.coordinator).degradedReason()).isEqualTo("bucket-missing");
    }
  }

  private static boolean exists(KeyValueManagement kvm, String bucket) throws Exception {
    try {
      kvm.getStatus(bucket);
      return true;
    } catch (JetStreamApiException e) {
      return false;
    }
  }
}
