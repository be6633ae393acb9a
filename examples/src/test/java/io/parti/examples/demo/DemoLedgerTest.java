package io.parti.examples.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoLedgerTest {

  private final DemoLedger ledger = new DemoLedger();

  @Test
  void aMessageProducedAndNeverHandledIsLost() {
    ledger.produced(1);
    ledger.produced(2);
    ledger.handled(1, "w1/10", 1);

    assertThat(ledger.summary()).isEqualTo(new DemoLedger.Summary(2, 1, 1, 0, 0, 0));
    assertThat(ledger.summary(60_000).lost()).as("within its grace").isZero();
    assertThat(ledger.summary().clean()).isFalse();
  }

  @Test
  void aDuplicateIsExplainedOnlyWhenItsFirstHandlingWasOnTheKilledProcess() {
    ledger.produced(1);
    ledger.produced(2);
    ledger.handled(1, "w2/20", 1);
    ledger.handled(1, "w1/10", 1);
    ledger.handled(2, "w1/10", 1);
    ledger.handled(2, "w3/30", 2);
    ledger.run(run("p2", "w1/10", "start", 100));
    ledger.crashed("w2/20", 5);

    DemoLedger.Summary summary = ledger.summary();
    assertThat(summary.duplicates()).isEqualTo(2);
    assertThat(summary.unexplainedDuplicates()).isEqualTo(1);
    assertThat(summary.clean()).isFalse();
    assertThat(summary).hasToString("produced 2 handled 2 lost 0 duplicates 2 (1 from the crash) overlaps 0");
    assertThat(ledger.problems()).as("the unexplained one, with its deliveries and its partition's runs").containsExactly(
        "handled twice: message 2 (p2) by [w1/10 (delivery 1), w3/30 (delivery 2)]",
        "runs of p2: [w1/10 epoch 1 100..running]");
  }

  @Test
  void runsOfOnePartitionThatIntersectAreOverlapsAndAKillEndsARun() {
    ledger.run(run("p1", "w1/10", "start", 100));
    ledger.run(run("p1", "w1/10", "stop", 200));
    ledger.run(run("p1", "w2/20", "start", 200)); // a hand-off: starts when the last run stopped, no overlap
    ledger.run(run("p2", "w2/20", "start", 100));
    ledger.crashed("w2/20", 300);
    ledger.run(run("p2", "w3/30", "start", 300));
    ledger.run(run("p1", "w3/30", "start", 250)); // before the kill ended w2's run of p1

    assertThat(ledger.summary().overlaps()).isEqualTo(1);
    assertThat(ledger.open()).containsOnlyKeys("p1", "p2");
    assertThat(ledger.open().get("p2")).extracting(DemoLedger.Run::proc).containsExactly("w3/30");
    assertThat(ledger.lastEnded("p1").proc()).isEqualTo("w2/20");
  }

  private static JsonObject run(String partition, String proc, String event, long at) {
    return new JsonObject().put("p", partition).put("proc", proc).put("epoch", 1L).put("event", event).put("at", at);
  }
}
