package io.parti.bench.gate;

import io.nats.client.Connection;
import io.parti.bench.BenchResults;
import io.parti.bench.gate.Fleet.AssignmentEvent;
import io.parti.bench.gate.Fleet.Handling;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static io.parti.bench.gate.GateFixture.await;
import static io.parti.bench.gate.Stats.round1;

/**
 * Phase 2 of {@code benchmarks/run gate}, what a move costs the worker consumer's messages. Four coordinators (each
 * its own Vert.x with one event loop, and its own connection) consume the stream (ack wait
 * {@value #ACK_WAIT_SECONDS} s, so a message that a move leaves neither acked nor NAKed comes back within the run)
 * while a producer publishes {@value #PRODUCER_RATE} msgs/s round-robin over the partitions (payload: id and publish
 * time); then cycles of "a fifth coordinator joins, every partition runs exactly once, a steady second; one
 * coordinator leaves gracefully (undeployed: at cycle {@code c} the live one at index {@code c mod live}, in start
 * order, as in {@code HandoffBench}), every partition runs exactly once, a steady second". Figures:
 * <ul>
 *   <li>{@code movesDuringRun}: partitions added to a worker after the producer started, from the
 *       {@code parti.assignments} events of every worker (each one a partition that changed owner);
 *       {@code movesObserved}: changes of the handling worker in each partition's handling order (the same moves,
 *       seen from the messages; the figures below are over these);</li>
 *   <li>{@code lostDuringMoves}: ids whose publication was acked and that were never handled;
 *       {@code duplicatesDuringMoves}: handlings of an id beyond its first;</li>
 *   <li>{@code handoffPauseP99Ms} (and {@code handoffPauseMedianMs}, {@code handoffPauseMaxMs}): per move, the
 *       <i>hand-off pause</i> is the longest publish-to-handling latency among the messages of the moved partition that
 *       the new owner handled and that were published before it handled its first message of the partition (the
 *       messages that waited for the move); nearest-rank p99 over the moves; {@code pausesAtAckWait}: moves whose
 *       pause reached the ack wait (a message that waited for its redelivery);</li>
 *   <li>{@code ownerGapP99Ms}: per move, the new owner's first handling minus the old owner's last handling of the
 *       partition (includes up to one inter-arrival time, 4 ms per partition here);</li>
 *   <li>{@code latencyP50Ms}, {@code latencyP99Ms}: publish-to-handling latency of every message of phase 2, for
 *       scale; {@code disconnectsDuringMoves}: disconnections of the workers' connections.</li>
 * </ul>
 */
public final class MovesPhase {

  private static final int PRODUCER_RATE = 4000;
  /** Room for every id the producer can publish in the run. */
  private static final int CAPACITY = 2_000_000;
  private static final long STEADY_MS = 1000;
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final int ACK_WAIT_SECONDS = 5;
  private static final Duration ACK_WAIT = Duration.ofSeconds(ACK_WAIT_SECONDS);

  private MovesPhase() {
  }

  /** Runs {@code cycles} cycles of a join and a leave, and puts the figures in {@code results}. */
  public static void run(NatsServer nats, Connection admin, int cycles, BenchResults results) throws Exception {
    GateFixture.recreateStream(admin);
    Fleet fleet = new Fleet(CAPACITY, ACK_WAIT);
    Producer producer = new Producer(admin, CAPACITY);
    long runStart;
    long runEnd;
    long disconnects;
    try {
      List<Future<Worker>> starts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        starts.add(fleet.startAsync(nats));
      }
      await(Future.all(starts));
      fleet.awaitUntil(SETTLE, "4 workers settled", fleet::settled);
      runStart = System.nanoTime();
      producer.start(PRODUCER_RATE);
      Thread.sleep(STEADY_MS);
      for (int c = 0; c < cycles; c++) {
        Worker joining = await(fleet.startAsync(nats));
        fleet.awaitUntil(SETTLE, "join settled", () -> !joining.coordinator.assignment().isEmpty() && fleet.settled());
        Thread.sleep(STEADY_MS);
        List<Worker> live = fleet.live();
        Worker leaving = live.get(c % live.size());
        leaving.stop();
        fleet.awaitUntil(SETTLE, "leave settled", fleet::settled);
        Thread.sleep(STEADY_MS);
        System.out.printf("scale cycle %d/%d done (w%d joined, w%d left)%n", c + 1, cycles, joining.index, leaving.index);
      }
      producer.stop();
      runEnd = System.nanoTime();
      disconnects = fleet.disconnects.sum();
      fleet.awaitUntil(SETTLE, "every published message handled", () -> fleet.neverHandled(producer) == 0);
      Thread.sleep(500); // late duplicates, if any
    } finally {
      fleet.close();
    }
    int published = producer.published;
    List<Handling> all = new ArrayList<>(fleet.handlings);
    double[] latencies = all.stream().mapToDouble(h -> (h.handled() - h.published()) / 1e6).toArray();
    MoveAnalysis moves = new MoveAnalysis(all, new ArrayList<>(fleet.events));
    moves.print();
    double[] pause = moves.pauses;
    double[] gap = moves.ownerGaps;
    results.put("movesDuringRun", addedSince(fleet.events, runStart))
        .put("movesObserved", pause.length)
        .put("lostDuringMoves", fleet.neverHandled(producer))
        .put("duplicatesDuringMoves", all.size() - fleet.unique.get())
        .put("handoffPauseP99Ms", pause.length == 0 ? 0 : round1(BenchResults.percentile(pause, 99)))
        .put("handoffPauseMedianMs", pause.length == 0 ? 0 : round1(BenchResults.median(pause)))
        .put("handoffPauseMaxMs", pause.length == 0 ? 0 : round1(BenchResults.percentile(pause, 100)))
        .put("pausesAtAckWait", Arrays.stream(pause).filter(ms -> ms >= ACK_WAIT.toMillis()).count())
        .put("ackWaitMs", ACK_WAIT.toMillis())
        .put("disconnectsDuringMoves", disconnects)
        .put("ownerGapP99Ms", gap.length == 0 ? 0 : round1(BenchResults.percentile(gap, 99)))
        .put("latencyP50Ms", round1(BenchResults.median(latencies)))
        .put("latencyP99Ms", round1(BenchResults.percentile(latencies, 99)))
        .put("publishedDuringMoves", published)
        .put("publishFailures", producer.failed.get())
        .put("producerMsgsPerSec", Math.round(published / ((runEnd - runStart) / 1e9)))
        .put("scaleCycles", cycles);
  }

  /** Partitions added to a worker from {@code since} on, over every worker's assignment events. */
  private static int addedSince(Collection<AssignmentEvent> events, long since) {
    int added = 0;
    for (AssignmentEvent e : events) {
      if (e.at() >= since) {
        JsonArray partitions = e.body().getJsonArray("added");
        added += partitions == null ? 0 : partitions.size();
      }
    }
    return added;
  }
}
