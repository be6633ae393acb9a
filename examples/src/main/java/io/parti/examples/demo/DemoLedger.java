package io.parti.examples.demo;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's judge: every message produced (acknowledged by the stream), every handling the workers reported, and
 * every run of a partition on a process, from its start to its stop (or to the moment its process was killed). From
 * them: what was lost (produced, never handled), what was handled twice, and whether that is explained by the crash
 * (the first handling was on the process that was killed: its ack may not have reached the server), and which runs of
 * one partition overlapped. Thread-safe.
 */
final class DemoLedger {

  /** One run of a partition on a process, in microseconds since the epoch; {@code stop} is MAX_VALUE while it runs. */
  record Run(String partition, String proc, long epoch, long start, long stop) {
    boolean overlaps(Run other) {
      return start < other.stop && other.start < stop;
    }

    @Override
    public String toString() {
      return proc + " epoch " + epoch + " " + start + ".." + (stop == Long.MAX_VALUE ? "running" : String.valueOf(stop));
    }
  }

  /** One handling of a message: by which process, at which delivery of it by the server (1 for the first). */
  record Handling(String proc, long delivery) {
    @Override
    public String toString() {
      return proc + " (delivery " + delivery + ")";
    }
  }

  /** The totals, as the demo's last line prints them. */
  record Summary(long produced, long handled, long lost, long duplicates, long unexplainedDuplicates, long overlaps) {
    boolean clean() {
      return lost == 0 && unexplainedDuplicates == 0 && overlaps == 0;
    }

    @Override
    public String toString() {
      return "produced " + produced + " handled " + handled + " lost " + lost + " duplicates " + duplicates
          + (duplicates > 0 ? " (" + (duplicates - unexplainedDuplicates) + " from the crash)" : "") + " overlaps " + overlaps;
    }
  }

  /** Each message produced, with when the stream acknowledged it (milliseconds since the epoch). */
  private final Map<Long, Long> produced = new HashMap<>();
  /** Each message's handlings, in the order they were reported. */
  private final Map<Long, List<Handling>> handled = new HashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private final Set<String> crashed = new HashSet<>();

  synchronized void produced(long id) {
    produced.put(id, System.currentTimeMillis());
  }

  synchronized void handled(long id, String proc, long delivery) {
    handled.computeIfAbsent(id, k -> new ArrayList<>(1)).add(new Handling(proc, delivery));
  }

  /** A run report: {@code {p, proc, epoch, event: start|stop, at}}. */
  synchronized void run(JsonObject report) {
    String partition = report.getString("p");
    String proc = report.getString("proc");
    long at = report.getLong("at");
    if ("start".equals(report.getString("event"))) {
      runs.add(new Run(partition, proc, report.getLong("epoch"), at, Long.MAX_VALUE));
    } else {
      close(run -> run.partition().equals(partition) && run.proc().equals(proc), at);
    }
  }

  /** A process was killed at {@code at}: whatever it ran stopped then. */
  synchronized void crashed(String proc, long at) {
    crashed.add(proc);
    close(run -> run.proc().equals(proc), at);
  }

  /** The partitions running now, with the processes that run them (more than one is an overlap). */
  synchronized Map<String, List<Run>> open() {
    Map<String, List<Run>> open = new HashMap<>();
    for (Run run : runs) {
      if (run.stop() == Long.MAX_VALUE) {
        open.computeIfAbsent(run.partition(), k -> new ArrayList<>()).add(run);
      }
    }
    return open;
  }

  /** The last run of {@code partition} that ended, or {@code null}. */
  synchronized Run lastEnded(String partition) {
    Run last = null;
    for (Run run : runs) {
      if (run.partition().equals(partition) && run.stop() != Long.MAX_VALUE && (last == null || run.stop() > last.stop())) {
        last = run;
      }
    }
    return last;
  }

  /** The totals, with every message produced and not handled counted as lost. */
  Summary summary() {
    return summary(0);
  }

  /** The totals, with a message counted as lost only once it waited {@code graceMillis} since it was produced. */
  synchronized Summary summary(long graceMillis) {
    long handledOnce = produced.keySet().stream().filter(handled::containsKey).count();
    long cutoff = System.currentTimeMillis() - graceMillis;
    long lost = produced.entrySet().stream().filter(e -> e.getValue() <= cutoff && !handled.containsKey(e.getKey())).count();
    long duplicates = 0;
    long unexplained = 0;
    for (List<Handling> by : handled.values()) {
      duplicates += by.size() - 1;
      if (unexplainedDuplicate(by)) {
        unexplained += by.size() - 1;
      }
    }
    long overlaps = 0;
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size(); j++) {
        Run a = runs.get(i);
        Run b = runs.get(j);
        if (a.partition().equals(b.partition()) && a.overlaps(b)) {
          overlaps++;
        }
      }
    }
    return new Summary(produced.size(), handledOnce, lost, duplicates, unexplained, overlaps);
  }

  /** What broke the guarantees, a few of each: overlapping runs, lost messages, duplicates the crash does not explain. */
  synchronized List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size() && problems.size() < 10; j++) {
        if (runs.get(i).partition().equals(runs.get(j).partition()) && runs.get(i).overlaps(runs.get(j))) {
          problems.add("overlap: " + runs.get(i) + " and " + runs.get(j));
        }
      }
    }
    produced.keySet().stream().filter(id -> !handled.containsKey(id)).sorted().limit(10)
        .forEach(id -> problems.add("lost: message " + id + " (partition " + partitionOf(id) + ")"));
    List<Long> twice = handled.entrySet().stream().filter(e -> unexplainedDuplicate(e.getValue()))
        .map(Map.Entry::getKey).sorted().toList();
    twice.stream().limit(10).forEach(id -> problems.add("handled twice: message " + id + " (" + partitionOf(id) + ") by " + handled.get(id)));
    if (!twice.isEmpty()) {
      // What the runs of the first one's partition were: whether the second handling came with a move, or without one.
      String partition = partitionOf(twice.get(0));
      problems.add("runs of " + partition + ": " + runs.stream().filter(run -> run.partition().equals(partition)).toList());
    }
    return problems;
  }

  /** Handled more than once, and the first handling was not on the killed process (whose ack may have been lost). */
  private boolean unexplainedDuplicate(List<Handling> handlings) {
    return handlings.size() > 1 && !crashed.contains(handlings.get(0).proc());
  }

  /** The partition the producer sent message {@code id} to (round-robin). */
  private static String partitionOf(long id) {
    return "p" + id % DemoSetup.PARTITIONS;
  }

  private void close(java.util.function.Predicate<Run> which, long at) {
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (run.stop() == Long.MAX_VALUE && which.test(run)) {
        runs.set(i, new Run(run.partition(), run.proc(), run.epoch(), run.start(), Math.max(at, run.start())));
      }
    }
  }
}
