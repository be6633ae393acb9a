package io.parti.vertx.statics.impl;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsignedModuloTest {

  @Provide
  Arbitrary<Integer> divisors() {
    return Arbitraries.oneOf(Arbitraries.integers().between(1, 1000), Arbitraries.integers().between(1, Integer.MAX_VALUE),
        Arbitraries.of(1, 2, 3, 63, 64, 65, 1 << 30, Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
  }

  @Property(tries = 5000)
  void isTheUnsignedRemainder(@ForAll long h, @ForAll("divisors") int n) {
    assertThat(new UnsignedModulo(n).remainder(h)).as("%s mod %d", Long.toUnsignedString(h), n)
        .isEqualTo((int) Long.remainderUnsigned(h, n));
  }

  /** Where the estimated quotient is one short (just below a multiple) and the extremes of the unsigned range. */
  @Test
  void isExactAtTheEdges() {
    for (int n : new int[] {1, 2, 3, 7, 64, 1000, 65_537, 1 << 30, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
      UnsignedModulo modulo = new UnsignedModulo(n);
      for (long h : edges(n)) {
        assertThat(modulo.remainder(h)).as("%s mod %d", Long.toUnsignedString(h), n)
            .isEqualTo((int) Long.remainderUnsigned(h, n));
      }
    }
  }

  private static List<Long> edges(int n) {
    List<Long> edges = new ArrayList<>(List.of(0L, 1L, -1L, -2L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
    long top = Long.divideUnsigned(-1L, n) * n; // the largest multiple of n
    for (long q : new long[] {1, 2, 1L << 32, Long.divideUnsigned(-1L, n) / 2, Long.divideUnsigned(-1L, n)}) {
      long multiple = q * n;
      edges.addAll(List.of(multiple - 1, multiple, multiple + 1, multiple + n - 1));
    }
    edges.addAll(List.of(top - 1, top, top + n - 1));
    return edges;
  }

  @Test
  void refusesDivisorsBelowOne() {
    assertThatThrownBy(() -> new UnsignedModulo(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("divisor must be >= 1, was 0");
  }
}
