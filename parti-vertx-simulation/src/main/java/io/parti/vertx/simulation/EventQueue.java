package io.parti.vertx.simulation;

import java.util.List;
import java.util.PriorityQueue;

/**
 * The one queue of a simulated history: every task of every process and of the network, ordered by virtual
 * time, then by the order it was queued. One thread runs it, so a seed gives one history.
 */
final class EventQueue {

  /** A queued task; {@code owner} is the process whose loop runs it, or {@code null} for the network and the server. */
  static final class Task implements Comparable<Task> {
    long at;
    long seq;
    final SimProcess owner;
    final Runnable action;
    boolean cancelled;

    Task(long at, long seq, SimProcess owner, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.owner = owner;
      this.action = action;
    }

    @Override
    public int compareTo(Task o) {
      int byTime = Long.compare(at, o.at);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private long steps;
  private SimProcess running;

  /** Virtual time in nanoseconds since the history began. */
  long now() {
    return now;
  }

  long steps() {
    return steps;
  }

  /** The process whose task runs now, or {@code null}. */
  SimProcess running() {
    return running;
  }

  Task at(long time, SimProcess owner, Runnable action) {
    Task task = new Task(Math.max(time, now), seq++, owner, action);
    queue.add(task);
    return task;
  }

  Task after(long delayNanos, SimProcess owner, Runnable action) {
    return at(now + delayNanos, owner, action);
  }

  /** Moves the clock to {@code time} when nothing is due before it. */
  void advanceTo(long time) {
    if (nextTime() > time && time > now) {
      now = time;
    }
  }

  /** The time of the next task, or {@link Long#MAX_VALUE} when there is none. */
  long nextTime() {
    Task next = queue.peek();
    return next == null ? Long.MAX_VALUE : next.at;
  }

  /**
   * Runs the next task: a cancelled one or one of a crashed process is dropped, one of a paused process waits
   * for its resume. Returns false when nothing is queued.
   */
  boolean step() {
    Task task = queue.poll();
    if (task == null) {
      return false;
    }
    now = task.at;
    if (task.cancelled) {
      return true;
    }
    SimProcess owner = task.owner;
    if (owner != null) {
      if (owner.crashed()) {
        return true;
      }
      if (owner.paused()) {
        owner.defer(task);
        return true;
      }
    }
    steps++;
    running = owner;
    task.action.run();
    running = null;
    return true;
  }

  /** Queues tasks that waited out a pause again, in their original order, at the current time. */
  void requeue(List<Task> tasks) {
    for (Task t : tasks) {
      if (!t.cancelled) {
        t.at = now;
        t.seq = seq++;
        queue.add(t);
      }
    }
  }
}
