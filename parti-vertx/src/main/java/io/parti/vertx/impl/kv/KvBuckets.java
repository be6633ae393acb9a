package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Creates coordination buckets when they are missing. A bucket that exists is used as it is: never
 * recreated or purged, since a transient "not found" during a JetStream leader change looks exactly like
 * a lost bucket, and recreating it would wipe every worker's state.
 */
public final class KvBuckets {

  private static final System.Logger LOG = System.getLogger(KvBuckets.class.getName());
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int STREAM_NAME_IN_USE = 10058;
  private static final int SUBJECTS_OVERLAP = 10065;

  private KvBuckets() {
  }

  /**
   * Opens the bucket, creating it with the given settings when it does not exist. Bucket management is a
   * blocking jnats call, so it runs on a worker thread.
   *
   * @param ttl      the bucket's MaxAge (the lease of every key in it), or {@link Duration#ZERO} for none
   * @param replicas 1, or 3 on a JetStream cluster
   * @param history  how many revisions to keep per key
   */
  public static Future<NatsKvBucket> open(Vertx vertx, Connection connection, String name, Duration ttl, int replicas,
                                     int history, Duration operationTimeout) {
    return open(vertx, connection, name, ttl, replicas, history, operationTimeout, null);
  }

  /** The same, through the JetStream API of {@code api} (a domain, an API prefix), or the account's own for null. */
  public static Future<NatsKvBucket> open(Vertx vertx, Connection connection, String name, Duration ttl, int replicas,
                                          int history, Duration operationTimeout, JetStreamOptions api) {
    return vertx.<Void>executeBlocking(() -> {
      ensure(management(connection, api), name, ttl, replicas, history);
      return null;
    }, false).recover(error -> Future.failedFuture(KvErrors.map("open bucket " + name, error, connection, name)))
        .map(v -> new NatsKvBucket(vertx, connection, name, operationTimeout, api));
  }

  private static KeyValueManagement management(Connection connection, JetStreamOptions api) throws java.io.IOException {
    return api == null ? connection.keyValueManagement()
        : connection.keyValueManagement(KeyValueOptions.builder().jetStreamOptions(api).build());
  }

  /**
   * Whether the bucket exists: {@code false} only when JetStream answers that its stream is not found, {@code true}
   * on any other answer or none (a JetStream that cannot answer tells nothing about the bucket).
   */
  public static Future<Boolean> exists(Vertx vertx, Connection connection, String name, JetStreamOptions api) {
    return vertx.executeBlocking(() -> {
      try {
        management(connection, api).getStatus(name);
        return true;
      } catch (JetStreamApiException e) {
        return e.getApiErrorCode() != STREAM_NOT_FOUND;
      }
    }, false).otherwise(true);
  }

  private static void ensure(KeyValueManagement management, String name, Duration ttl, int replicas, int history) throws Exception {
    try {
      KeyValueStatus status = management.getStatus(name);
      if (!status.getTtl().equals(ttl)) {
        LOG.log(System.Logger.Level.WARNING, "bucket " + name + " exists with TTL " + status.getTtl()
            + " but " + ttl + " is configured; using it as it is");
      }
      return;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
    }
    KeyValueConfiguration.Builder config = KeyValueConfiguration.builder()
        .name(name)
        .maxHistoryPerKey(history)
        .replicas(replicas)
        .storageType(StorageType.File);
    if (!ttl.isZero()) {
      config.ttl(ttl);
    }
    try {
      management.create(config.build());
    } catch (JetStreamApiException e) {
      // Another coordinator created it between our look-up and our create: use theirs. The server answers that
      // race with "name in use" or, when the other create is still being applied, "subjects overlap"; the latter
      // also means a foreign stream claims the bucket's subjects, so only a bucket that now exists settles it.
      if (e.getApiErrorCode() != STREAM_NAME_IN_USE && e.getApiErrorCode() != SUBJECTS_OVERLAP) {
        throw e;
      }
      if (!appears(management, name)) {
        throw e;
      }
    }
  }

  /** Whether the bucket exists, or appears within a moment (a concurrent create the server is still applying). */
  private static boolean appears(KeyValueManagement management, String name) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        management.getStatus(name);
        return true;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
      }
      Thread.sleep(50); // a worker thread: bucket management is blocking anyway
    }
    return false;
  }
}
