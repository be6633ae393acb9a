package io.parti.examples.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code scripts/demo}: starts nats-server, worker processes and a producer, serves the dashboard, and plays the story
 * ({@link DemoStory}) once a browser opens the dashboard; then runs until Ctrl-C. With {@code --scripted} it plays the
 * story at once, waits for the last messages, prints the totals as its last line and exits non-zero if a message was
 * lost, handled twice other than by the crash, or a partition ran on two workers at once. Options: {@code --port N}
 * (dashboard, default 8088; 0 for any), {@code --rate N} (messages a second, default 200).
 */
public final class DemoMain {

  private DemoMain() {
  }

  public static void main(String[] args) throws Exception {
    boolean scripted = false;
    int port = 8088;
    int rate = 200;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scripted" -> scripted = true;
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("unknown option " + args[i] + " (known: --scripted, --port N, --rate N)");
          System.exit(2);
        }
      }
    }
    Path logs = Path.of("target", "demo");
    Demo demo = Demo.start(logs, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        DemoStory.say("stopping: every worker leaves gracefully");
        demo.close();
      } catch (Exception e) {
        System.out.println("stopping failed: " + e.getMessage());
      }
    }, "demo-stop"));
    DemoStory.say("nats-server on " + demo.natsUrl() + "; worker logs in " + logs.toAbsolutePath());
    DemoStory.say("dashboard: " + demo.dashboardUrl());
    DemoStory story = new DemoStory(demo);
    if (!scripted) {
      DemoStory.say("open the dashboard to start the story");
      Demo.await("a viewer", Duration.ofDays(365), () -> demo.board().viewers() > 0);
    }
    story.play(rate);
    if (scripted) {
      DemoLedger.Summary summary = story.finish();
      DemoStory.say("stopping: every worker leaves gracefully");
      demo.close();
      demo.problems().forEach(problem -> DemoStory.say(problem));
      System.out.println(summary);
      System.out.flush();
      Runtime.getRuntime().halt(summary.clean() ? 0 : 1); // closed already: no shutdown hook to run
    }
    DemoStory.say("the story is over; the fleet keeps running until Ctrl-C");
    Thread.currentThread().join();
  }
}
