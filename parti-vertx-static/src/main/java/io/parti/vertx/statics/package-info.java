/**
 * Coordination-free static partitioning: {@link io.parti.vertx.statics.StaticPartitioner} routes a key to
 * one of N partitions exactly like the reference XXH3 (so publishers in other languages agree),
 * {@link io.parti.vertx.statics.SubjectPattern} turns partitions and keys into NATS subjects,
 * {@link io.parti.vertx.statics.StatefulSets} tells a StatefulSet pod which partition it owns, and the
 * publishers and consumers move messages over core NATS or JetStream. Guide: docs/static-partitioning.md.
 */
package io.parti.vertx.statics;
