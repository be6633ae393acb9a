package io.parti.vertx.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Requests held on the wire, for scripted histories: every request matching the rule waits until
 * {@link #release()}, then travels on as usual. Models a slow link or a TCP connection that stalls, on purpose.
 */
public final class Hold {

  /** One request a process sends: to which bucket and key, and what it does there. */
  public record Request(SimProcess process, String bucket, String key, String operation) {
  }

  private final Simulation simulation;
  private final Predicate<Request> rule;
  private final List<Runnable> held = new ArrayList<>();
  private boolean released;

  Hold(Simulation simulation, Predicate<Request> rule) {
    this.simulation = simulation;
    this.rule = rule;
  }

  /** Holds {@code send} if the request matches and the hold is on; returns whether it did. */
  boolean offer(Request request, Runnable send) {
    if (released || !rule.test(request)) {
      return false;
    }
    simulation.trace(request.process(), "held on the wire: " + request.operation() + " " + request.bucket() + "/" + request.key());
    held.add(send);
    return true;
  }

  /** How many requests are held now. */
  public int size() {
    return held.size();
  }

  /** Lets every held request go on, in the order they were sent; later ones are no longer held. */
  public void release() {
    released = true;
    simulation.holds().remove(this);
    List<Runnable> sends = new ArrayList<>(held);
    held.clear();
    sends.forEach(Runnable::run);
  }
}
