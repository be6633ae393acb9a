package io.parti.examples.demo;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * What the demo plays: three workers start; a fourth joins (scale up); one is killed (a crash) and started again; one
 * leaves gracefully; nats-server restarts. After each step the story waits for the fleet to settle (every partition on
 * exactly one live worker, every worker STABLE) and says how long that took.
 */
final class DemoStory {

  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Demo demo;

  DemoStory(Demo demo) {
    this.demo = demo;
  }

  void play(int rate) throws Exception {
    step("three workers start", () -> {
      for (String name : new String[] {"w1", "w2", "w3"}) {
        demo.startWorker(name);
      }
    });
    demo.startProducing(rate);
    say("producing " + rate + " messages a second");
    pause();
    step("scale up: w4 joins", () -> demo.startWorker("w4"));
    pause();
    step("crash: w2 is killed (SIGKILL)", () -> demo.crash("w2"));
    pause();
    step("restart: w2 starts again and gets its worker id back", () -> demo.startWorker("w2"));
    pause();
    step("graceful leave: w3 hands its partitions off and exits", () -> demo.leave("w3"));
    pause();
    step("NATS restart: nats-server stops for 2 s and starts again", () -> demo.restartNats(Duration.ofSeconds(2)));
    pause();
  }

  /** Stops producing, waits until every message produced was handled (or a minute passed), and returns the totals. */
  DemoLedger.Summary finish() throws Exception {
    demo.stopProducing();
    say("stopped producing; waiting for the last messages");
    try {
      Demo.await("every message handled", Duration.ofSeconds(60), demo::drained);
    } catch (IllegalStateException e) {
      say(e.getMessage());
    }
    return demo.summary();
  }

  private interface Action {
    void run() throws Exception;
  }

  private void step(String what, Action action) throws Exception {
    say(what);
    demo.board().story(what);
    long started = System.nanoTime();
    action.run();
    Demo.await("the fleet settling after \"" + what + "\"", SETTLE, demo::converged);
    String settled = "settled in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    say("  " + settled);
    demo.board().story(what + ": " + settled);
  }

  /** Lets a few seconds of steady processing show between the steps. */
  private static void pause() throws InterruptedException {
    Thread.sleep(3000);
  }

  static void say(String line) {
    System.out.println(LocalTime.now().format(CLOCK) + "  " + line);
  }
}
