package io.parti.vertx.statics.impl;

import io.parti.vertx.statics.StaticPartitionOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectCacheTest {

  @Test
  void returnsOnlyTheSubjectStoredForThatVeryKey() {
    SubjectCache cache = new SubjectCache(4);
    assertThat(cache.get("a")).isNull();
    cache.put("a", "s.a");
    assertThat(cache.get("a")).isEqualTo("s.a");
    // "Aa" and "BB" have the same hashCode, so the same slot: the newer replaces the older.
    cache.put("Aa", "s.Aa");
    assertThat(cache.get("BB")).isNull();
    cache.put("BB", "s.BB");
    assertThat(cache.get("BB")).isEqualTo("s.BB");
    assertThat(cache.get("Aa")).isNull();
  }

  @Test
  void cachedRoutingGivesTheSameSubjectsAsRoutingFromScratch() {
    StaticRouting routing = new StaticRouting(new StaticPartitionOptions().setPartitions(16).setSubjectPattern("o.{{key}}.{{partition}}"));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5000; i++) {
        String key = "k" + i;
        assertThat(routing.subject(key)).isEqualTo(routing.pattern().publishSubject(routing.partitioner().partition(key), key));
      }
    }
    assertThatThrownBy(() -> routing.subject("a.b")).hasMessageStartingWith("invalid key \"a.b\"");
    assertThatThrownBy(() -> routing.subject("a.b")).as("a rejected key is never cached").hasMessageStartingWith("invalid key");
    assertThatThrownBy(() -> routing.subject(null)).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
  }
}
