package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.KvBucket;

/** The four coordination buckets of a group. */
record Buckets(KvBucket ids, KvBucket leader, KvBucket heartbeats, KvBucket assignments) {
}
