package io.parti.vertx.simulation;

import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.PartiException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated JetStream: one stream per KV bucket, history 1 per key, MaxAge expiry (silent, as in
 * nats-server 2.9) at a possibly jittered time, server timestamps that can jump, and lagging replicas that
 * answer direct gets with an older entry. Operations run at the instant a request reaches it.
 */
final class SimServer {

  /** How many past entries of a key are kept for lagging replicas to answer with. */
  private static final int REPLICA_MEMORY = 8;
  /** The server's wall clock when every history begins: 2027-01-15T08:00:00Z. */
  private static final long EPOCH_MS = 1_800_000_000_000L;

  /** One stored entry of a key. */
  static final class Stored {
    final KvEntry entry;
    final long storedAt;
    boolean expired;
    /** When MaxAge removed it; a replica still at an earlier time holds it. */
    long expiredAt = Long.MAX_VALUE;

    Stored(KvEntry entry, long storedAt) {
      this.entry = entry;
      this.storedAt = storedAt;
    }
  }

  /** One bucket's stream. */
  final class Stream {
    final String name;
    final long maxAgeNanos;
    final int replicas;
    long sequence;
    final Map<String, Deque<Stored>> keys = new HashMap<>();
    final List<SimWatch> watches = new ArrayList<>();

    Stream(String name, Duration maxAge, int replicas) {
      this.name = name;
      this.maxAgeNanos = maxAge.toNanos();
      this.replicas = replicas;
    }

    /** The key's live entry (a value or a marker), or {@code null} when it has none (never written, expired). */
    Stored current(String key) {
      Deque<Stored> history = keys.get(key);
      Stored last = history == null ? null : history.peekLast();
      return last == null || last.expired ? null : last;
    }

    /**
     * Stores a write whose expectation holds: {@code expected} is the key's current revision, 0 for "no entry",
     * or -1 for any. Returns the new entry.
     */
    KvEntry write(String key, byte[] value, KvEntry.Operation operation, long expected, SimProcess from, String session) {
      Stored current = current(key);
      long currentRevision = current == null ? 0 : current.entry.revision();
      if (expected >= 0 && expected != currentRevision) {
        throw new PartiException.Conflict(name + "/" + key + ": wrong last sequence " + currentRevision + " (expected " + expected + ")",
            currentRevision, null);
      }
      KvEntry entry = new KvEntry(key, value, ++sequence, operation, wallClockMs());
      Stored stored = new Stored(entry, simulation.queue().now());
      Deque<Stored> history = keys.computeIfAbsent(key, k -> new ArrayDeque<>());
      history.addLast(stored);
      if (history.size() > REPLICA_MEMORY) {
        history.removeFirst();
      }
      if (maxAgeNanos > 0) {
        simulation.queue().after(simulation.faults().expiryDelay(maxAgeNanos), null, () -> {
          stored.expired = true;
          stored.expiredAt = simulation.now();
        });
      }
      simulation.checker().landed(this, entry, from, session);
      for (SimWatch watch : new ArrayList<>(watches)) {
        watch.offer(entry);
      }
      return entry;
    }

    /**
     * The key's current entry as a direct get sees it: from the leader, or, on a replicated stream, sometimes from
     * a replica that lags a few writes behind.
     */
    KvEntry read(String key) {
      Stored current = current(key);
      if (replicas > 1 && current != null) {
        long lag = simulation.faults().replicaLag();
        if (lag > 0) {
          long seen = sequence - lag;
          Deque<Stored> history = keys.get(key);
          Stored older = null;
          for (Stored s : history) {
            if (s.entry.revision() <= seen) {
              older = s;
            }
          }
          if (older != current) {
            simulation.faults().count(FaultKind.STALE_READ);
            return older == null || older.expired ? null : older.entry;
          }
        }
      }
      return current == null ? null : current.entry;
    }

    /** The key's entry as a replica still at virtual time {@code asOf} answers (a scripted stale read). */
    KvEntry readAsOf(String key, long asOf) {
      Stored then = null;
      for (Stored s : keys.getOrDefault(key, new ArrayDeque<>())) {
        if (s.storedAt <= asOf) {
          then = s;
        }
      }
      simulation.faults().count(FaultKind.STALE_READ);
      return then == null || then.expiredAt <= asOf ? null : then.entry;
    }

    /**
     * The stream comes back without its writes after {@code revision}, as a replicated stream of nats-server 2.9.10 did
     * after a node kill (a replica that was behind took over): the keys are as they were then, and new writes take
     * revisions from there again.
     */
    void loseWritesAfter(long revision) {
      keys.values().forEach(history -> history.removeIf(s -> s.entry.revision() > revision));
      keys.values().removeIf(Deque::isEmpty);
      sequence = Math.min(sequence, revision);
    }

    /** The live entry of every key matching {@code filter}, in revision order: what a new watch replays. */
    List<KvEntry> lastPerKey(String filter) {
      List<KvEntry> entries = new ArrayList<>();
      keys.forEach((key, history) -> {
        Stored current = current(key);
        if (current != null && matches(filter, key)) {
          entries.add(current.entry);
        }
      });
      entries.sort((a, b) -> Long.compare(a.revision(), b.revision()));
      return entries;
    }
  }

  private final Simulation simulation;
  private final Map<String, Stream> streams = new HashMap<>();
  private long clockOffsetMs;

  SimServer(Simulation simulation) {
    this.simulation = simulation;
  }

  /** The stream of a bucket, created with the given settings when missing (never recreated). */
  Stream open(String bucket, Duration maxAge, int replicas) {
    return streams.computeIfAbsent(bucket, b -> new Stream(b, maxAge, replicas));
  }

  Stream stream(String bucket) {
    return streams.get(bucket);
  }

  /** The server's wall clock, in epoch milliseconds: when the history began plus virtual time plus any jumps. */
  long wallClockMs() {
    return EPOCH_MS + simulation.queue().now() / 1_000_000 + clockOffsetMs;
  }

  /** Moves the server clock that stamps new entries (a stream leader moving to a node with a skewed clock). */
  void jumpClock(long byMs) {
    clockOffsetMs += byMs;
  }

  long clockOffsetMs() {
    return clockOffsetMs;
  }

  static boolean matches(String filter, String key) {
    return filter.equals(">") || filter.equals(key);
  }
}
