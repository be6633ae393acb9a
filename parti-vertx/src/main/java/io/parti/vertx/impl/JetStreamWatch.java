package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.Kv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Whether JetStream answers the coordinator over its live connection, from the outcome of every KV operation
 * ({@link KvCircuit}), and, while it does not, whether a coordination bucket is gone: an operator deleted it. A missing
 * bucket is never created again while the coordinator runs (a stream that merely looks missing during a JetStream
 * leader change would be wiped): it is reported once, and contact stays lost until the bucket is back. Tells
 * {@link Contact} and asks the coordinator to re-derive its state. Confined to the coordinator's loop.
 */
final class JetStreamWatch {

  private final Contact contact;
  private final Kv kv;
  private final List<String> buckets;
  private final CoordinatorLog.Source log;
  private final Consumer<String> onBucketMissing;
  private final Runnable changed;
  private final KvCircuit circuit = new KvCircuit(this::answering);
  private final Set<String> missing = new HashSet<>();

  /**
   * @param buckets         the coordination buckets to look for when JetStream stops answering
   * @param onBucketMissing told of each bucket found missing (the event and the metric)
   * @param changed         re-derives the worker's state
   */
  JetStreamWatch(Contact contact, Kv kv, List<String> buckets, CoordinatorLog.Source log, Consumer<String> onBucketMissing,
                 Runnable changed) {
    this.contact = contact;
    this.kv = kv;
    this.buckets = buckets;
    this.log = log;
    this.onBucketMissing = onBucketMissing;
    this.changed = changed;
  }

  /** A KV operation completed; {@code errorKind} as {@code ObservedKvBucket} names it, null for a success. */
  void completed(String operation, String errorKind) {
    circuit.completed(operation, errorKind);
  }

  private void answering(boolean open, String lastError) {
    contact.answering(!open);
    if (missing.isEmpty()) { // with a bucket reported missing, the circuit flaps as the other buckets answer: no news
      if (open) {
        log.warning(() -> KvCircuit.FAILURES_TO_OPEN + " KV operations in a row failed (the last: " + lastError
            + "): JetStream does not answer");
      } else {
        log.info(() -> "JetStream answers again");
      }
    }
    // Opened: look for buckets that are gone. Closed while some are gone: look whether they are back.
    List<String> candidates = new ArrayList<>(buckets);
    if (open) {
      candidates.removeAll(missing);
    } else {
      candidates.retainAll(missing);
    }
    candidates.forEach(this::lookFor);
    changed.run();
  }

  private void lookFor(String bucket) {
    kv.exists(bucket).onSuccess(exists -> {
      if (!exists && missing.add(bucket)) {
        log.error(() -> "the coordination bucket " + bucket + " does not exist (deleted?): it is not created again while"
            + " this coordinator runs; recreate it or redeploy the coordinators (deploying creates missing buckets)");
        onBucketMissing.accept(bucket);
      } else if (exists && missing.remove(bucket)) {
        log.info(() -> "the coordination bucket " + bucket + " exists again");
      } else {
        return;
      }
      contact.bucketsMissing(!missing.isEmpty());
      changed.run();
    });
  }
}
