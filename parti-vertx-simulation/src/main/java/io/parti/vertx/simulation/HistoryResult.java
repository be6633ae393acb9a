package io.parti.vertx.simulation;

import java.util.List;
import java.util.Map;

/**
 * How one random history ended.
 *
 * @param seed        the seed that replays it
 * @param steps       tasks run
 * @param violations  broken invariants, first one first
 * @param stall       why the fleet did not converge within the bound once faults stopped, or {@code null}
 * @param faults      faults injected, by kind
 * @param churn       changes that are not faults (graceful leaves, new workers, list edits), by kind
 * @param virtualMs   virtual time the history lasted
 * @param trace       the readable history, when it was recorded
 */
public record HistoryResult(long seed, long steps, List<String> violations, String stall, Map<FaultKind, Integer> faults,
                            Map<Chaos.Churn, Integer> churn, long virtualMs, List<String> trace) {

  public boolean ok() {
    return violations.isEmpty() && stall == null;
  }

  /** The seed, what broke, and the trace: what a failing test prints. */
  public String report() {
    StringBuilder sb = new StringBuilder("seed ").append(seed).append(": ");
    if (!violations.isEmpty()) {
      sb.append(violations.size()).append(" violation(s)\n");
      violations.forEach(v -> sb.append("  ").append(v).append('\n'));
    }
    if (stall != null) {
      sb.append("stalled: ").append(stall).append('\n');
    }
    sb.append("faults ").append(faults).append(", churn ").append(churn).append('\n');
    sb.append("replay: Histories.replay(").append(seed).append("L)\n");
    trace.forEach(line -> sb.append(line).append('\n'));
    return sb.toString();
  }
}
