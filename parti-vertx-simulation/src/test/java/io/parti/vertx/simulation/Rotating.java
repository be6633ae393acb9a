package io.parti.vertx.simulation;

import io.parti.vertx.Partition;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A strategy a scripted test can turn: partition i goes to worker (i + shift) of the sorted workers. Turning it moves
 * every partition, which is how a test makes a new leader want something else than the old one.
 */
final class Rotating implements AssignmentStrategy {

  private volatile int shift;

  void turn() {
    shift++;
  }

  @Override
  public Map<Partition, String> assign(Collection<String> workers, Collection<Partition> partitions, Map<Partition, String> previous) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(workers));
    Map<Partition, String> target = new HashMap<>();
    if (sorted.isEmpty()) {
      return target;
    }
    for (Partition p : partitions) {
      int index = Integer.parseInt(p.keys().get(0).substring(1));
      target.put(p, sorted.get((index + shift) % sorted.size()));
    }
    return target;
  }
}
