package io.parti.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times every step of planned moves from the coordinators' TRACE lines ({@code [group worker] handoff: <step> <subject>}):
 * while installed, every coordinator in this JVM writes them, and each move of a partition from one worker to another
 * is followed through the revoke commit, its delivery to the old owner, the gate, the stop, the release receipt, the
 * leader seeing it, the grant commit, its delivery to the new owner and the deploy.
 */
final class HandoffTrace extends Handler implements AutoCloseable {

  /** The steps, in the order a move takes them; each is timed from the one it follows (see {@link #steps}). */
  static final List<String> STEPS = List.of("revokeCommit", "revokeWatchDelivery", "gateClose", "stop", "receiptWrite",
      "leaderWatch", "grantPlan", "grantCommit", "grantWatchDelivery", "deployWait", "deploy", "gap");

  private static final Pattern LINE = Pattern.compile("^\\[(\\S+ \\S+)] handoff: (\\S+) (?:(\\S+) )?(\\S+)$");
  private static final Logger IMPL = Logger.getLogger("io.parti.vertx.impl");

  /**
   * One traced line: when, on which worker ({@code "<group> <worker id>"}: fleets of one JVM apart), which step, about
   * what (a partition, or a version and maybe a worker).
   */
  private record Event(long at, String worker, String step, String about, String subject) {
    long version() {
      return Long.parseLong(subject.substring(1));
    }

    /** A version, told apart from the same version of another fleet. */
    String groupVersion() {
      return worker.substring(0, worker.indexOf(' ')) + " " + subject;
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final Level before;

  HandoffTrace() {
    before = IMPL.getLevel();
    IMPL.setLevel(Level.FINEST);
    IMPL.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    Matcher m = LINE.matcher(record.getMessage());
    if (m.matches()) {
      java.time.Instant t = record.getInstant();
      events.add(new Event(t.getEpochSecond() * 1_000_000_000L + t.getNano(), m.group(1), m.group(2), m.group(3), m.group(4)));
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    IMPL.removeHandler(this);
    IMPL.setLevel(before);
  }

  /**
   * Each step of every complete move, in ms, by step name: {@code revokeCommit} (the leader's write of the revoke, sent
   * to answered), {@code revokeWatchDelivery} (sent to the old owner's watch delivering it), {@code gateClose}
   * (delivered to gate closed), {@code stop} (gate closed to the verticle stopped), {@code receiptWrite} (stopped to the
   * heartbeat with the new applied version answered), {@code leaderWatch} (that heartbeat sent to the leader's watch
   * delivering it), {@code grantPlan} (delivered to the grant commit sent), {@code grantCommit} (sent to answered),
   * {@code grantWatchDelivery} (sent to the new owner's watch delivering it), {@code deployWait} (delivered to the deploy
   * begun), {@code deploy} (begun to started), and {@code gap} (stopped on the old owner to started on the new one).
   */
  synchronized Map<String, List<Double>> steps() {
    Map<String, List<Double>> steps = new LinkedHashMap<>();
    STEPS.forEach(s -> steps.put(s, new ArrayList<>()));
    events.sort(java.util.Comparator.comparingLong(Event::at)); // lines of several threads may have come in out of order
    Map<String, Long> commitSent = new HashMap<>();
    Map<String, Long> commitLanded = new HashMap<>();
    for (Event e : events) {
      if (e.step().equals("commit-sent")) {
        commitSent.putIfAbsent(e.groupVersion(), e.at());
      } else if (e.step().equals("commit-landed")) {
        commitLanded.putIfAbsent(e.groupVersion(), e.at());
      }
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).step().equals("gate-closed")) {
        move(i, commitSent, commitLanded, steps);
      }
    }
    return steps;
  }

  /** Follows the move whose gate closed at {@code events[gateAt]}; records its steps if it is complete. */
  private void move(int gateAt, Map<String, Long> sent, Map<String, Long> landed, Map<String, List<Double>> steps) {
    Event gate = events.get(gateAt);
    String from = gate.worker();
    String partition = gate.subject();
    int revokedAt = last(gateAt, from, "record-delivered");
    int stoppedAt = next(gateAt, from, "stopped", partition);
    int receiptAt = next(stoppedAt, from, "receipt-sent", null);
    int deployingAt = next(stoppedAt, null, "deploying", partition);
    if (revokedAt < 0 || stoppedAt < 0 || receiptAt < 0 || deployingAt < 0 || events.get(deployingAt).worker().equals(from)) {
      return; // not traced to its end, or restarted on the same worker
    }
    Event receipt = events.get(receiptAt);
    int receiptLandedAt = next(receiptAt, from, "receipt-landed", receipt.subject());
    int seenAt = nextSeen(receiptAt, from, receipt.version());
    String to = events.get(deployingAt).worker();
    int grantedAt = last(deployingAt, to, "record-delivered");
    int startedAt = next(deployingAt, to, "started", partition);
    if (receiptLandedAt < 0 || seenAt < 0 || grantedAt < 0 || startedAt < 0) {
      return;
    }
    Event revoked = events.get(revokedAt);
    Event granted = events.get(grantedAt);
    Long revokeSent = sent.get(revoked.groupVersion());
    Long revokeLanded = landed.get(revoked.groupVersion());
    Long grantSent = sent.get(granted.groupVersion());
    Long grantLanded = landed.get(granted.groupVersion());
    if (revokeSent == null || revokeLanded == null || grantSent == null || grantLanded == null) {
      return;
    }
    long stopped = events.get(stoppedAt).at();
    long seen = events.get(seenAt).at();
    long deploying = events.get(deployingAt).at();
    add(steps, "revokeCommit", revokeLanded - revokeSent);
    add(steps, "revokeWatchDelivery", revoked.at() - revokeSent);
    add(steps, "gateClose", gate.at() - revoked.at());
    add(steps, "stop", stopped - gate.at());
    add(steps, "receiptWrite", events.get(receiptLandedAt).at() - stopped);
    add(steps, "leaderWatch", seen - receipt.at());
    add(steps, "grantPlan", grantSent - seen);
    add(steps, "grantCommit", grantLanded - grantSent);
    add(steps, "grantWatchDelivery", granted.at() - grantSent);
    add(steps, "deployWait", deploying - granted.at());
    add(steps, "deploy", events.get(startedAt).at() - deploying);
    add(steps, "gap", events.get(startedAt).at() - stopped);
  }

  private static String group(Event e) {
    return e.worker().substring(0, e.worker().indexOf(' '));
  }

  private static void add(Map<String, List<Double>> steps, String step, long nanos) {
    steps.get(step).add(nanos / 1e6);
  }

  /** The index of the latest event of {@code step} on {@code worker} before {@code index}, or -1. */
  private int last(int index, String worker, String step) {
    for (int i = index - 1; i >= 0; i--) {
      Event e = events.get(i);
      if (e.worker().equals(worker) && e.step().equals(step)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first event of {@code step} after {@code index} (none after -1), on {@code worker} (any if null),
   * about {@code subject} (any if null); or -1.
   */
  private int next(int index, String worker, String step, String subject) {
    if (index < 0) {
      return -1;
    }
    for (int i = index + 1; i < events.size(); i++) {
      Event e = events.get(i);
      if (e.step().equals(step) && (worker == null || e.worker().equals(worker)) && (subject == null || e.subject().equals(subject))) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first time after {@code index} the leader saw {@code worker} report {@code version} or later, or -1. */
  private int nextSeen(int index, String worker, long version) {
    for (int i = index + 1; i < events.size(); i++) {
      Event e = events.get(i);
      if (e.step().equals("receipt-seen") && worker.equals(group(e) + " " + e.about()) && e.version() >= version) {
        return i;
      }
    }
    return -1;
  }
}
