package io.parti.vertx.impl.strategy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashRingTest {

  /** The bucket table must agree with a plain scan for the first point at or after a position. */
  @Property(tries = 200)
  void findsTheFirstPointAtOrAfterAPositionAndWraps(@ForAll @IntRange(min = 1, max = 40) int workers,
                                                    @ForAll @IntRange(min = 1, max = 50) int virtualNodes,
                                                    @ForAll long seed,
                                                    @ForAll long position) {
    String[] sorted = new String[workers];
    for (int w = 0; w < workers; w++) {
      sorted[w] = "worker-" + (char) ('a' + w);
    }
    HashRing ring = new HashRing(sorted, virtualNodes, seed);

    for (long probe : new long[] {position, Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
      long truncated = probe & -(1L << 20);
      int expected = 0;
      for (int i = 0; i < ring.size(); i++) {
        if (ring.pointAt(i) >= truncated) {
          expected = i;
          break;
        }
      }
      assertThat(ring.firstPointAt(probe)).as("first point at %d", probe).isEqualTo(expected);
    }
  }

  @Test
  void keepsPointsSortedWithTheirWorkerIndexInTheLowBits() {
    HashRing ring = new HashRing(new String[] {"a", "b", "c"}, 50, 7);
    for (int i = 1; i < ring.size(); i++) {
      assertThat(ring.pointAt(i)).isGreaterThanOrEqualTo(ring.pointAt(i - 1));
    }
    for (int i = 0; i < ring.size(); i++) {
      assertThat(ring.ownerOfPoint(i)).isBetween(0, 2).isEqualTo((int) (ring.pointAt(i) & 0xFFFFF));
    }
  }

  @Test
  void holdsOnePointPerWorkerAndVirtualNode() {
    assertThat(new HashRing(new String[] {"a", "b", "c"}, 7, 0).size()).isEqualTo(21);
  }

  @Test
  void rejectsMoreWorkersThanItCanIndex() {
    assertThatThrownBy(() -> new HashRing(new String[HashRing.MAX_WORKERS + 1], 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1048576 workers, got 1048577");
  }
}
