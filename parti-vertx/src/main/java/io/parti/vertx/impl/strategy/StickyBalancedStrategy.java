package io.parti.vertx.impl.strategy;

import io.parti.vertx.Partition;
import net.openhft.hashing.LongHashFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Keeps every partition on its previous owner unless balance requires a move, in three steps.
 * <ol>
 *   <li><b>Keep.</b> A live worker keeps its previous partitions up to a ceiling; over it, it sheds the fewest
 *   partitions that bring it under (see {@link WorkerLoad#shed}). A partition heavier than the ceiling stays
 *   and its owner sheds everything else; one without a live owner (new, orphaned, or shed by an owner that
 *   kept a heavier one) takes the least loaded worker without one, which sheds everything else.</li>
 *   <li><b>Place.</b> New, orphaned and shed partitions go, heaviest first, to the least loaded worker
 *   (ties: lowest worker id).</li>
 *   <li><b>Fill.</b> While a worker is below a floor, it takes a partition from the busiest worker that can
 *   give one without ending up lighter than the receiver, preferring partitions that are moving anyway.</li>
 * </ol>
 * With equal weights the ceiling and floor are {@code ceil(P/N)} and {@code floor(P/N)} partitions, so the
 * result is as even as possible and moves the fewest partitions that any such result can. With mixed weights
 * they are {@code 1.05 × mean} and {@code 0.95 × mean}. All ties are broken by a canonical order
 * (weight, xxh3 of the id, id), so the result does not depend on the order of the inputs.
 */
public final class StickyBalancedStrategy extends ValidatedStrategy {

  /** The relative distance from the mean load that the ceiling and floor allow with mixed weights. */
  public static final double TOLERANCE = 0.05;

  private static final LongHashFunction HASH = LongHashFunction.xx3(0);

  @Override
  public String name() {
    return "stickyBalanced";
  }

  @Override
  protected Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous) {
    Map<String, Integer> index = new HashMap<>(workers.length * 2);
    for (int w = 0; w < workers.length; w++) {
      index.put(workers[w], w);
    }
    WorkerLoad[] loads = new WorkerLoad[workers.length];
    for (int w = 0; w < loads.length; w++) {
      loads[w] = new WorkerLoad(w);
    }
    Band band = Band.of(partitions, workers.length);
    List<Item> unplaced = keep(partitions, previous, index, loads, band);
    placeOnLeastLoaded(unplaced, loads);
    fill(loads, band);

    // a duplicate partition is counted twice above, but never gets here: put() rejects it
    Map<Partition, String> assignment = newAssignment(partitions.length);
    for (WorkerLoad load : loads) {
      load.forEach(item -> put(assignment, item.partition, workers[load.worker]));
    }
    return assignment;
  }

  /** Step 1: live previous owners keep their partitions up to the ceiling; returns everything else. */
  private static List<Item> keep(Partition[] partitions, Map<Partition, String> previous, Map<String, Integer> index, WorkerLoad[] loads, Band band) {
    List<Item> unplaced = new ArrayList<>();
    for (Partition partition : partitions) {
      Item item = new Item(partition, HashRing.hash(HASH, partition.id()));
      String owner = previous.get(partition);
      Integer w = owner == null ? null : index.get(owner);
      if (w == null) {
        unplaced.add(item);
      } else {
        loads[w].addKept(item);
      }
    }
    for (WorkerLoad load : loads) {
      load.keptDone();
    }
    shed(loads, band, unplaced);
    unplaced = dedicate(unplaced, loads, band.ceiling);
    // only the workers that just got a partition heavier than the ceiling shed again: all they keep is that one
    shed(loads, band, unplaced);
    return unplaced;
  }

  private static void shed(WorkerLoad[] loads, Band band, List<Item> unplaced) {
    for (WorkerLoad load : loads) {
      load.shed(band.ceiling, unplaced);
    }
  }

  /**
   * New, orphaned or shed partitions heavier than the ceiling, heaviest first, each take the least loaded
   * worker that has no such partition yet; it will shed the rest. Returns the partitions still unplaced.
   */
  private static List<Item> dedicate(List<Item> unplaced, WorkerLoad[] loads, double ceiling) {
    List<Item> oversized = new ArrayList<>();
    List<Item> rest = new ArrayList<>(unplaced.size());
    for (Item item : unplaced) {
      (item.weight > ceiling ? oversized : rest).add(item);
    }
    if (oversized.isEmpty()) {
      return unplaced;
    }
    oversized.sort(Item.CANONICAL.reversed());
    PriorityQueue<WorkerLoad> free = new PriorityQueue<>(WorkerLoad.LEAST_LOADED_FIRST);
    for (WorkerLoad load : loads) {
      if (load.heaviestKept() <= ceiling) {
        free.add(load);
      }
    }
    for (Item item : oversized) {
      WorkerLoad load = free.poll();
      if (load == null) {
        rest.add(item);
      } else {
        load.addKept(item);
      }
    }
    return rest;
  }

  /** Step 2: heaviest first, each unplaced partition goes to the least loaded worker. */
  private static void placeOnLeastLoaded(List<Item> unplaced, WorkerLoad[] loads) {
    Item.sortCanonically(unplaced);
    LeastLoaded least = new LeastLoaded(loads);
    for (int i = unplaced.size() - 1; i >= 0; i--) {
      least.add(unplaced.get(i));
    }
    least.done();
  }

  /** Step 3: raises workers below the floor with partitions from the busiest workers. */
  private static void fill(WorkerLoad[] loads, Band band) {
    WorkerLoad[] byLoad = loads.clone();
    boolean[] stuck = new boolean[loads.length];
    while (true) {
      WorkerLoad receiver = null;
      for (WorkerLoad load : loads) {
        if (!stuck[load.worker] && load.total < band.floor && (receiver == null || load.total < receiver.total)) {
          receiver = load;
        }
      }
      if (receiver == null) {
        return;
      }
      if (!takeFromBusiest(receiver, byLoad, band)) {
        stuck[receiver.worker] = true;
      }
    }
  }

  /**
   * Moves one partition to the receiver from the busiest worker that can give one, first among donors that
   * stay above the floor, then among any donor that stays at least as loaded as the receiver becomes (so each
   * move strictly evens the loads and the loop ends).
   */
  private static boolean takeFromBusiest(WorkerLoad receiver, WorkerLoad[] byLoad, Band band) {
    Arrays.sort(byLoad, WorkerLoad.BUSIEST_FIRST);
    long room = (long) Math.floor(band.ceiling) - receiver.total;
    long need = (long) Math.ceil(band.floor) - receiver.total;
    return takeFromBusiest(receiver, byLoad, room, need, (long) Math.ceil(band.floor))
        || takeFromBusiest(receiver, byLoad, room, need, 0);
  }

  private static boolean takeFromBusiest(WorkerLoad receiver, WorkerLoad[] byLoad, long room, long need, long donorFloor) {
    for (WorkerLoad donor : byLoad) {
      long limit = Math.min(room, (donor.total - receiver.total) / 2);
      if (limit < 1) {
        return false;
      }
      Item item = donor.takeFor(need, Math.min(limit, donor.total - donorFloor));
      if (item != null) {
        receiver.addPlaced(item);
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "stickyBalanced()";
  }

  /** The ceiling and floor of a worker's load. */
  private static final class Band {
    final double ceiling;
    final double floor;

    private Band(double ceiling, double floor) {
      this.ceiling = ceiling;
      this.floor = floor;
    }

    static Band of(Partition[] partitions, int workers) {
      long total = 0;
      boolean equal = true;
      for (Partition partition : partitions) {
        total += partition.weight();
        equal &= partition.weight() == partitions[0].weight();
      }
      if (equal && partitions.length > 0) {
        long weight = partitions[0].weight();
        long floorCount = partitions.length / workers;
        long ceilingCount = floorCount + (partitions.length % workers == 0 ? 0 : 1);
        return new Band(ceilingCount * weight, floorCount * weight);
      }
      return around(meanOfTheRest(partitions, total, workers));
    }

    private static Band around(double mean) {
      return new Band(mean * (1 + TOLERANCE), mean * (1 - TOLERANCE));
    }

    /**
     * The mean load once every partition heavier than the ceiling has a worker of its own: such a partition
     * sets its worker's load alone, and the band is about the others.
     */
    private static double meanOfTheRest(Partition[] partitions, long total, int workers) {
      int[] weights = new int[partitions.length];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = partitions[i].weight();
      }
      Arrays.sort(weights);
      long rest = total;
      int shared = workers;
      for (int i = weights.length - 1; i >= 0 && shared > 1 && weights[i] > (double) rest / shared * (1 + TOLERANCE); i--) {
        rest -= weights[i];
        shared--;
      }
      return (double) rest / shared;
    }
  }
}
