package io.parti.vertx.statics;

/** How a {@link StaticPartitioner} turns a key's 64-bit XXH3 hash into a partition index. */
public enum RoutingMode {

  /**
   * {@code xxh3_64(utf8(key), seed) mod N}, unsigned: the same rule as Parti's Go publishers and any
   * other language with a reference XXH3. Changing N moves about (N-1)/N of the keys, so keep N fixed.
   */
  MODULO,

  /**
   * Jump consistent hash (Lamping and Veach) of the same 64-bit hash: growing N to N+1 moves only
   * about 1/(N+1) of the keys, all into the new partition. Every publisher of a subject space must use
   * the same mode.
   */
  JUMP
}
