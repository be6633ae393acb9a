package io.parti.vertx.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ownership recorder: every run of every partition verticle as an interval (worker, partition, epoch,
 * start, stop) on one monotonic clock (all workers live in this JVM), and the invariants over them.
 */
public final class OwnershipRegistry {

  /** One run of a partition on a worker; {@code stop} is {@link Long#MAX_VALUE} while it runs. */
  public record Interval(String partition, String worker, long epoch, long start, long stop) {
    boolean running() {
      return stop == Long.MAX_VALUE;
    }
  }

  private final List<Interval> intervals = new ArrayList<>();

  synchronized void started(String partition, String worker, long epoch) {
    intervals.add(new Interval(partition, worker, epoch, System.nanoTime(), Long.MAX_VALUE));
  }

  synchronized void stopped(String partition, String worker, long epoch) {
    for (int i = intervals.size() - 1; i >= 0; i--) {
      Interval iv = intervals.get(i);
      if (iv.running() && iv.partition.equals(partition) && iv.worker.equals(worker) && iv.epoch == epoch) {
        intervals.set(i, new Interval(partition, worker, epoch, iv.start, System.nanoTime()));
        return;
      }
    }
  }

  /** Partition id → the workers running it now. */
  public synchronized Map<String, Set<String>> snapshot() {
    Map<String, Set<String>> now = new TreeMap<>();
    for (Interval iv : intervals) {
      if (iv.running()) {
        now.computeIfAbsent(iv.partition, k -> new TreeSet<>()).add(iv.worker);
      }
    }
    return now;
  }

  /** Worker → the partitions it runs now. */
  public synchronized Map<String, Set<String>> byWorker() {
    Map<String, Set<String>> by = new TreeMap<>();
    snapshot().forEach((p, workers) -> workers.forEach(w -> by.computeIfAbsent(w, k -> new TreeSet<>()).add(p)));
    return by;
  }

  /** Whether each of {@code partitionIds} runs on exactly one of {@code workers}, and nothing else runs. */
  public synchronized boolean exactlyOnce(Set<String> partitionIds, Set<String> workers) {
    Map<String, Set<String>> now = snapshot();
    return now.keySet().equals(partitionIds) && now.values().stream().allMatch(w -> w.size() == 1 && workers.containsAll(w));
  }

  /** Every time a partition started while another run of it had not stopped. */
  public synchronized List<String> overlaps() {
    List<String> overlaps = new ArrayList<>();
    byPartition().forEach((partition, runs) -> {
      for (int i = 1; i < runs.size(); i++) {
        Interval previous = runs.get(i - 1);
        Interval next = runs.get(i);
        if (next.start < previous.stop) {
          overlaps.add(partition + ": " + next.worker + "@" + next.epoch + " started while " + previous.worker + "@" + previous.epoch + " ran");
        }
      }
    });
    return overlaps;
  }

  /** Every time a partition's owner epoch did not increase from one run to the next. */
  public synchronized List<String> epochRegressions() {
    List<String> regressions = new ArrayList<>();
    byPartition().forEach((partition, runs) -> {
      for (int i = 1; i < runs.size(); i++) {
        if (runs.get(i).epoch <= runs.get(i - 1).epoch) {
          regressions.add(partition + ": " + runs.get(i - 1).worker + "@" + runs.get(i - 1).epoch
              + " then " + runs.get(i).worker + "@" + runs.get(i).epoch);
        }
      }
    });
    return regressions;
  }

  /** All recorded runs. */
  public synchronized List<Interval> intervals() {
    return new ArrayList<>(intervals);
  }

  private Map<String, List<Interval>> byPartition() {
    return intervals.stream().collect(Collectors.groupingBy(Interval::partition, TreeMap::new,
        Collectors.collectingAndThen(Collectors.toList(), l -> {
          l.sort(Comparator.comparingLong(Interval::start));
          return l;
        })));
  }
}
