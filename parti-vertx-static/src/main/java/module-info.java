/**
 * parti-vertx-static: coordination-free static partitioning (key to partition routing, subject templates,
 * StatefulSet ordinals, core NATS and JetStream publishers and consumers). The API is {@code io.parti.vertx.statics};
 * {@code io.parti.vertx.statics.impl} is the implementation and is not exported.
 */
module io.parti.vertx.statics {
  requires transitive io.vertx.core;
  requires transitive io.nats.jnats;
  requires zero.allocation.hashing;
  // sun.misc.Unsafe: routing reads an ASCII key's bytes where the string keeps them (impl.Latin1Strings)
  requires jdk.unsupported;
  requires io.parti.vertx.shared;

  exports io.parti.vertx.statics;
}
