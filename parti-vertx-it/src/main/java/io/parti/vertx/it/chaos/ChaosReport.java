package io.parti.vertx.it.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a chaos run found. {@code problems} lists every broken guarantee (an overlap, an epoch going back, a lost
 * message, a duplicate no fault explains or beyond its bound, a fleet that did not converge); empty means it passed.
 *
 * @param seed              replays the run's schedule of faults (the timing of the machine is not replayed)
 * @param faults            faults injected, by kind
 * @param overlaps          partitions running on two workers at once: runs of partition verticles, plus handler runs
 * @param published         messages the stream acknowledged
 * @param lost              acknowledged messages never handled
 * @param duplicates        handlings of a message after its first
 * @param duplicatesByCause duplicates by the kind of fault that explains them
 * @param maxConvergenceMs  the longest time from a fault's end until the fleet ran every partition once again
 * @param convergenceMsByKind the same per kind of fault
 * @param problems          the broken guarantees, one line each
 * @param log               one line per fault, in order
 */
public record ChaosReport(long seed, Map<String, Integer> faults, int overlaps, long published, long lost, long duplicates,
                          Map<String, Integer> duplicatesByCause, long maxConvergenceMs, Map<String, Long> convergenceMsByKind,
                          List<String> problems, List<String> log) {

  /** Whether no guarantee broke. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** The figures and the fault log, then the problems (at most 20 lines of them), for a test's output. */
  public String summary() {
    return "chaos seed " + seed + ": faults " + faults + ", published " + published + ", lost " + lost + ", duplicates "
        + duplicates + " " + duplicatesByCause + ", overlaps " + overlaps + ", max convergence " + maxConvergenceMs
        + " ms " + convergenceMsByKind + "\n  " + String.join("\n  ", log)
        + (problems.isEmpty() ? "" : "\nproblems:\n  " + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
  }
}
