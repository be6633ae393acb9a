package io.parti.bench.strategy;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.strategy.HashRing;
import io.parti.vertx.impl.strategy.ValidatedStrategy;
import io.parti.vertx.strategy.AssignmentStrategy;
import net.openhft.hashing.LongHashFunction;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The placement rules our strategies are measured against; both ignore weights and the previous assignment. */
public final class Baselines {

  private static final LongHashFunction XX3 = LongHashFunction.xx3();

  private Baselines() {
  }

  /** {@code xxh3(id) mod N} over the workers sorted by id. */
  public static AssignmentStrategy modN() {
    return byRule(workers -> partition -> (int) Long.remainderUnsigned(HashRing.hash(XX3, partition.id()), workers.length));
  }

  /**
   * Parti's {@code ConsistentHash}: 150 virtual nodes per worker, the point of virtual node {@code i} of
   * worker {@code w} at {@code xxh3(i, seed = xxh3(w))}, and a partition at the hash of its first key, each
   * later key hashed with the previous hash as seed.
   */
  public static AssignmentStrategy partiRing150() {
    return byRule(workers -> {
      HashRing ring = new HashRing(workers, 150, 0);
      return partition -> ring.owner(partiHash(partition));
    });
  }

  private static long partiHash(Partition partition) {
    List<String> keys = partition.keys();
    long hash = XX3.hashBytes(keys.get(0).getBytes(StandardCharsets.UTF_8));
    for (String key : keys.subList(1, keys.size())) {
      hash = LongHashFunction.xx3(hash).hashBytes(key.getBytes(StandardCharsets.UTF_8));
    }
    return hash;
  }

  /** A strategy that puts each partition on the worker index the rule, made for the sorted workers, gives. */
  private static AssignmentStrategy byRule(Function<String[], ToIntFunction<Partition>> rule) {
    return new ValidatedStrategy() {
      @Override
      protected Map<Partition, String> place(String[] workers, Partition[] partitions, Map<Partition, String> previous) {
        ToIntFunction<Partition> owner = rule.apply(workers);
        Map<Partition, String> assignment = newAssignment(partitions.length);
        for (Partition partition : partitions) {
          put(assignment, partition, workers[owner.applyAsInt(partition)]);
        }
        return assignment;
      }
    };
  }
}
