package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsCluster;
import io.parti.vertx.testkit.NatsClusterExtension;
import io.parti.vertx.testkit.VertxTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests on a 3-node JetStream cluster (one per class) with 3-replica buckets: a warm-up on the cluster
 * and strict blocked-thread checking around every test, as {@link FleetTest} does on a single server.
 */
@ExtendWith(NatsClusterExtension.class)
abstract class ClusterTest {

  static final PartiOptions OPTIONS = PartiOptions.fast().setBucketReplicas(3);

  @BeforeEach
  void clearBlockedThreadWarnings(NatsCluster cluster) throws Exception {
    Fleet.warmUp(cluster.urls());
    VertxTestSupport.clearBlockedThreadWarnings();
  }

  @AfterEach
  void failOnBlockedThreads() {
    VertxTestSupport.assertNoBlockedThreads();
  }
}
