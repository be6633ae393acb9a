package io.parti.vertx.it;

import io.nats.client.impl.NatsJetStreamMetaData;
import io.parti.vertx.consumer.PartitionMessageHandler;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The message ledger of a worker consumer under test: the ids the stream acknowledged (from {@link LedgerProducer}),
 * every handler run of every message (which process ran it, as which worker, when), and every time a partition's
 * handler started on one process while it was running on another. A message's payload is its id, in decimal.
 * <p>
 * A "process" is one simulated process of a {@link Fleet}: one Vert.x and one connection, named by the caller (worker
 * ids move between processes, and two processes may hold the same id in turn).
 */
public final class MessageLedger {

  /**
   * One handler run: a message's id, where it ran (process, worker, partition and epoch), when it started, and what the
   * stream said of the delivery (subject, stream sequence, delivery count).
   */
  public record Run(long id, String process, String worker, String partition, long epoch, long start, String subject,
                    long streamSequence, long deliveries) {

    public boolean firstDelivery() {
      return deliveries == 1;
    }
  }

  private final long handlerMillis;
  /** Acknowledged id → its stream sequence. */
  private final Map<Long, Long> published = new ConcurrentHashMap<>();
  private final Map<Long, List<Run>> runs = new ConcurrentHashMap<>();
  /** Partition id → its runs in start order. */
  private final Map<String, List<Run>> byPartition = new ConcurrentHashMap<>();
  /** Partition id → process → handler runs in progress there. */
  private final Map<String, Map<String, Integer>> inProgress = new ConcurrentHashMap<>();
  private final List<String> overlaps = new CopyOnWriteArrayList<>();

  /** @param handlerMillis how long each handler takes: long enough that a move or a kill finds handlers in flight */
  public MessageLedger(long handlerMillis) {
    this.handlerMillis = handlerMillis;
  }

  /** The worker consumer's handler on the process {@code process}: records the run and takes its time. */
  public PartitionMessageHandler handler(String process) {
    return (partition, message) -> {
      long id = Long.parseLong(new String(message.getData(), StandardCharsets.UTF_8));
      String partitionId = partition.partition().id();
      NatsJetStreamMetaData delivery = message.metaData();
      Run run = new Run(id, process, partition.workerId(), partitionId, partition.epoch(), System.nanoTime(),
          message.getSubject(), delivery.streamSequence(), delivery.deliveredCount());
      enter(partitionId, process);
      runs.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>(1))).add(run);
      byPartition.computeIfAbsent(partitionId, k -> Collections.synchronizedList(new ArrayList<>())).add(run);
      return Vertx.currentContext().owner().timer(handlerMillis).andThen(done -> leave(partitionId, process));
    };
  }

  private void enter(String partition, String process) {
    Map<String, Integer> processes = inProgress.computeIfAbsent(partition, k -> new ConcurrentHashMap<>());
    processes.merge(process, 1, Integer::sum);
    // Both of two processes entering at once see each other here, or at least one does: either way it counts.
    processes.forEach((other, count) -> {
      if (!other.equals(process) && count > 0) {
        overlaps.add(partition + ": a handler started on " + process + " while one ran on " + other);
      }
    });
  }

  private void leave(String partition, String process) {
    inProgress.get(partition).computeIfPresent(process, (p, count) -> count == 1 ? null : count - 1);
  }

  /** The stream acknowledged the message {@code id}, stored under {@code streamSequence}. */
  public void published(long id, long streamSequence) {
    published.put(id, streamSequence);
  }

  /** The stream sequence of an acknowledged id, or null. */
  public Long streamSequence(long id) {
    return published.get(id);
  }

  /** The process died: its handler runs in progress ended with it, whether or not their futures ever complete. */
  public void crashed(String process) {
    inProgress.values().forEach(processes -> processes.remove(process));
  }

  /** How many ids the stream acknowledged. */
  public int publishedCount() {
    return published.size();
  }

  /** How many distinct ids were handled at least once. */
  public int handledCount() {
    return runs.size();
  }

  /** Whether every acknowledged id was handled at least once. */
  public boolean allHandled() {
    return runs.keySet().containsAll(published.keySet());
  }

  /** Acknowledged ids never handled, in order. */
  public List<Long> lost() {
    return published.keySet().stream().filter(id -> !runs.containsKey(id)).sorted().toList();
  }

  /** Id → its runs in start order, for every id handled more than once. */
  public Map<Long, List<Run>> repeated() {
    Map<Long, List<Run>> repeated = new TreeMap<>();
    runs.forEach((id, list) -> {
      synchronized (list) {
        if (list.size() > 1) {
          List<Run> sorted = new ArrayList<>(list);
          sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
          repeated.put(id, sorted);
        }
      }
    });
    return repeated;
  }

  /** Handlings beyond each id's first. */
  public int duplicates() {
    return repeated().values().stream().mapToInt(list -> list.size() - 1).sum();
  }

  /** Partition id → its runs in start order. */
  public Map<String, List<Run>> runsByPartition() {
    Map<String, List<Run>> copy = new TreeMap<>();
    byPartition.forEach((partition, list) -> {
      synchronized (list) {
        copy.put(partition, new ArrayList<>(list));
      }
    });
    return copy;
  }

  /** Every handler start that found the partition's handler running on another process. */
  public List<String> overlaps() {
    return List.copyOf(overlaps);
  }
}
