package io.parti.vertx.impl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderKeyViewTest {

  private final LeaderKeyView view = new LeaderKeyView();

  @Test
  void anEpochIsReachedOnceTheLeaderKeyReachedItsRevision() {
    assertThat(view.reached(1)).isFalse();
    view.observe(7);
    assertThat(view.reached(7)).isTrue();
    assertThat(view.reached(3)).isTrue();
    assertThat(view.reached(8)).isFalse();
    assertThat(view.newest()).isEqualTo(7);
  }

  @Test
  void revisionsOnlyRiseAndEachRiseTellsTheListener() {
    int[] calls = {0};
    view.listen(() -> calls[0]++);
    view.observe(5);
    view.observe(5);
    view.observe(2); // a store created anew: a weaker check until its revisions catch up, never a wrong one
    view.observe(6);

    assertThat(view.newest()).isEqualTo(6);
    assertThat(calls[0]).isEqualTo(2);
  }
}
