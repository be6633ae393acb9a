package io.parti.vertx.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The ownership recorder: every run of every partition verticle as an interval (worker, partition, epoch,
 * start, stop) on one monotonic clock (all workers live in this JVM), and the invariants over them.
 */
public final class OwnershipRegistry {

  /**
   * One run of a partition on a worker, in one session (claim) of its id; {@code stop} is {@link Long#MAX_VALUE}
   * while it runs.
   */
  public record Interval(String partition, String worker, String session, long epoch, long start, long stop) {
    boolean running() {
      return stop == Long.MAX_VALUE;
    }
  }

  private final List<Interval> intervals = new ArrayList<>();
  /** Partition id → worker → how many runs are open there; read without the lock by the test's polling. */
  private final Map<String, Map<String, Integer>> running = new ConcurrentHashMap<>();
  /** Runs whose verticle was stopped while its gate still said the partition was owned. */
  private final List<String> stoppedWhileOwned = new ArrayList<>();

  /** Records the start of a run; returns the run's token for {@link #stopped(int)}. */
  synchronized int started(String partition, String worker, String session, long epoch) {
    intervals.add(new Interval(partition, worker, session, epoch, System.nanoTime(), Long.MAX_VALUE));
    running.computeIfAbsent(partition, k -> new ConcurrentHashMap<>()).merge(worker, 1, Integer::sum);
    return intervals.size() - 1;
  }

  synchronized void stoppedWhileOwned(String partition, String worker) {
    stoppedWhileOwned.add(partition + " on " + worker);
  }

  public synchronized List<String> stoppedWhileOwned() {
    return new ArrayList<>(stoppedWhileOwned);
  }

  /** Records the end of the run {@code run} (a token from {@link #started}); a run ends once. */
  synchronized void stopped(int run) {
    end(run, System.nanoTime());
  }

  private void end(int run, long at) {
    Interval iv = intervals.get(run);
    if (iv.running()) {
      intervals.set(run, new Interval(iv.partition, iv.worker, iv.session, iv.epoch, iv.start, Math.max(iv.start, at)));
      leave(iv.partition, iv.worker);
    }
  }

  /** One run of {@code partition} on {@code worker} fewer. */
  private void leave(String partition, String worker) {
    running.computeIfPresent(partition, (k, workers) -> {
      workers.computeIfPresent(worker, (w, runs) -> runs == 1 ? null : runs - 1);
      return workers.isEmpty() ? null : workers;
    });
  }

  /** The worker's process died at {@code at} ({@link System#nanoTime()}): every run still open there ended then. */
  synchronized void crashed(String worker, long at) {
    for (int i = 0; i < intervals.size(); i++) {
      if (intervals.get(i).worker.equals(worker)) {
        end(i, at);
      }
    }
  }

  /** Partition id → the workers running it now. */
  public Map<String, Set<String>> snapshot() {
    Map<String, Set<String>> now = new TreeMap<>();
    running.forEach((p, workers) -> now.put(p, new TreeSet<>(workers.keySet())));
    return now;
  }

  /** Worker → the partitions it runs now. */
  public Map<String, Set<String>> byWorker() {
    Map<String, Set<String>> by = new TreeMap<>();
    running.forEach((p, workers) -> workers.keySet().forEach(w -> by.computeIfAbsent(w, k -> new TreeSet<>()).add(p)));
    return by;
  }

  /** Whether each of {@code partitionIds} runs on exactly one of {@code workers}, and nothing else runs. */
  public boolean exactlyOnce(Set<String> partitionIds, Set<String> workers) {
    if (running.size() != partitionIds.size()) {
      return false;
    }
    for (String id : partitionIds) {
      Map<String, Integer> owners = running.get(id);
      if (owners == null || owners.size() != 1 || !workers.containsAll(owners.keySet())) {
        return false;
      }
    }
    return true;
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

  /**
   * Every time a partition's owner epoch went down from one run to the next, or stayed the same although the
   * owner changed. Only the same session running a partition again under the same grant is no regression (a
   * restart after a failed start, a resume after degraded fencing): a new session of the same worker id that
   * reused its predecessor's epoch would be one.
   */
  public synchronized List<String> epochRegressions() {
    List<String> regressions = new ArrayList<>();
    byPartition().forEach((partition, runs) -> {
      for (int i = 1; i < runs.size(); i++) {
        Interval before = runs.get(i - 1);
        Interval after = runs.get(i);
        boolean sameGrant = after.epoch == before.epoch && after.session.equals(before.session);
        if (after.epoch < before.epoch || (after.epoch == before.epoch && !sameGrant)) {
          regressions.add(partition + ": " + before.worker + "@" + before.epoch + " then " + after.worker + "@" + after.epoch);
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
