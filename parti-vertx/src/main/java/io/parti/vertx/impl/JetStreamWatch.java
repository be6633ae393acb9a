package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.Kv;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether JetStream answers the coordinator over its live connection, from the outcome of every KV operation
 * ({@link KvCircuit}), and, while it does not, whether a coordination bucket is gone.
 * <p>
 * Who removed a bucket decides what to do. After a reconnect the server may be a new one with an empty store: until
 * a look finds every bucket in place, a missing bucket is created again with its settings, and the worker's
 * session restores what it held (its id key, heartbeats; the leader writes the assignment the fleet runs). On a
 * connection that stayed up an operator deleted it: it is reported once and never created again while the coordinator
 * runs (every worker's state in it is gone, and recreating it behind the operator's back hides that), and contact
 * stays lost until the bucket is back. Tells {@link Contact} and asks the coordinator to re-derive its state.
 * Confined to the coordinator's loop.
 */
final class JetStreamWatch {

  /** Told of what was found: a bucket missing on a live connection, or buckets created again after a reconnect. */
  interface Listener {
    void bucketMissing(String bucket);

    void bucketsRecreated(List<String> buckets);
  }

  private final Contact contact;
  private final Kv kv;
  private final Map<String, Duration> buckets;
  private final int replicas;
  private final CoordinatorLog.Source log;
  private final Listener listener;
  private final Runnable changed;
  private final KvCircuit circuit = new KvCircuit(this::answering);
  private final Set<String> missing = new HashSet<>();
  /** Reconnected, and no look has found every bucket in place since: missing buckets are created again. */
  private boolean afterReconnect;

  /**
   * @param buckets  the coordination buckets, each with its TTL: what is looked for when JetStream stops answering
   * @param replicas the buckets' replicas, to create them again
   * @param changed  re-derives the worker's state
   */
  JetStreamWatch(Contact contact, Kv kv, Map<String, Duration> buckets, int replicas, CoordinatorLog.Source log,
                 Listener listener, Runnable changed) {
    this.contact = contact;
    this.kv = kv;
    this.buckets = buckets;
    this.replicas = replicas;
    this.log = log;
    this.listener = listener;
    this.changed = changed;
  }

  /** A KV operation completed; {@code errorKind} as {@code ObservedKvBucket} names it, null for a success. */
  void completed(String operation, String errorKind) {
    circuit.completed(operation, errorKind);
  }

  /** The connection is back, perhaps to a new server with an empty store: looks for every bucket. */
  void reconnected() {
    afterReconnect = true;
    lookFor(new ArrayList<>(buckets.keySet()));
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
    List<String> candidates = new ArrayList<>(buckets.keySet());
    if (open) {
      candidates.removeAll(missing);
    } else {
      candidates.retainAll(missing);
    }
    lookFor(candidates);
    changed.run();
  }

  private void lookFor(List<String> candidates) {
    if (candidates.isEmpty()) {
      return;
    }
    List<Future<Boolean>> looks = new ArrayList<>();
    candidates.forEach(bucket -> looks.add(kv.exists(bucket)));
    Future.join(looks).onComplete(ar -> {
      List<String> gone = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        if (looks.get(i).succeeded() && !looks.get(i).result()) {
          gone.add(candidates.get(i));
        }
      }
      if (afterReconnect) {
        recreate(gone);
      } else {
        gone.forEach(this::reportMissing);
        candidates.stream().filter(b -> !gone.contains(b)).forEach(this::reportBack);
      }
    });
  }

  /** After a reconnect: creates the missing buckets; once a look finds them all, a loss is an operator's again. */
  private void recreate(List<String> gone) {
    if (gone.isEmpty()) {
      afterReconnect = false;
      new ArrayList<>(missing).forEach(this::reportBack);
      return;
    }
    List<Future<?>> created = new ArrayList<>();
    gone.forEach(bucket -> created.add(kv.open(bucket, buckets.get(bucket), replicas)));
    Future.join(created).onComplete(ar -> {
      if (ar.failed()) {
        return; // JetStream does not answer yet: the circuit's next look tries again
      }
      log.warning(() -> "the coordination buckets " + gone + " were missing after a reconnect (a new server, an empty"
          + " store?) and are created again; this worker restores its id and heartbeat, and the leader the assignment");
      listener.bucketsRecreated(gone);
      afterReconnect = false;
      new ArrayList<>(missing).forEach(this::reportBack);
      changed.run();
    });
  }

  private void reportMissing(String bucket) {
    if (missing.add(bucket)) {
      log.error(() -> "the coordination bucket " + bucket + " does not exist (deleted?): it is not created again while"
          + " this coordinator runs; recreate it or redeploy the coordinators (deploying creates missing buckets)");
      listener.bucketMissing(bucket);
      contact.bucketsMissing(true);
      changed.run();
    }
  }

  private void reportBack(String bucket) {
    if (missing.remove(bucket)) {
      log.info(() -> "the coordination bucket " + bucket + " exists again");
      contact.bucketsMissing(!missing.isEmpty());
      changed.run();
    }
  }
}
