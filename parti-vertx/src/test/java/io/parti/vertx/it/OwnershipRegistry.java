package io.parti.vertx.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which worker runs which partition right now, as reported by the partition verticles themselves, and
 * every moment two workers ran the same partition.
 */
public final class OwnershipRegistry {

  private final Map<String, Set<String>> running = new TreeMap<>();
  private final List<String> overlaps = new ArrayList<>();

  synchronized void started(String partitionId, String workerId) {
    Set<String> owners = running.computeIfAbsent(partitionId, k -> new TreeSet<>());
    if (!owners.isEmpty()) {
      overlaps.add(partitionId + " started on " + workerId + " while running on " + owners);
    }
    owners.add(workerId);
  }

  synchronized void stopped(String partitionId, String workerId) {
    Set<String> owners = running.get(partitionId);
    if (owners != null) {
      owners.remove(workerId);
      if (owners.isEmpty()) {
        running.remove(partitionId);
      }
    }
  }

  /** Partition id → the workers running it. */
  public synchronized Map<String, Set<String>> snapshot() {
    Map<String, Set<String>> copy = new TreeMap<>();
    running.forEach((p, w) -> copy.put(p, new TreeSet<>(w)));
    return copy;
  }

  /** Worker → the partitions it runs. */
  public synchronized Map<String, Set<String>> byWorker() {
    Map<String, Set<String>> by = new TreeMap<>();
    running.forEach((p, workers) -> workers.forEach(w -> by.computeIfAbsent(w, k -> new TreeSet<>()).add(p)));
    return by;
  }

  public synchronized List<String> overlaps() {
    return new ArrayList<>(overlaps);
  }

  /** Whether each of {@code partitionIds} runs on exactly one of {@code workers}, and nothing else runs. */
  public synchronized boolean exactlyOnce(Set<String> partitionIds, Set<String> workers) {
    if (!running.keySet().equals(partitionIds)) {
      return false;
    }
    return running.values().stream().allMatch(w -> w.size() == 1 && workers.containsAll(w));
  }
}
