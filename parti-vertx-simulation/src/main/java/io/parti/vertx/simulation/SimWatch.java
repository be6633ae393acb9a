package io.parti.vertx.simulation;

import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.PartiException;
import io.parti.vertx.impl.kv.KvWatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.List;

/**
 * A simulated watch with the production watch's contract: the live entry of every matching key first, then
 * every change, in revision order, each revision at most once, on the process' loop. Deliveries take a delay
 * that may stall for a while, never overtaking each other. After a reconnect it resubscribes from the last
 * revision it delivered, so entries superseded meanwhile are never seen. Like jnats' ordered consumer, it numbers
 * the messages of a subscription and resets itself on a gap (a message dropped while the client was disconnected),
 * rather than deliver what came after it.
 */
final class SimWatch implements KvWatch {

  private final SimProcess process;
  private final SimServer.Stream stream;
  private final String filter;
  private final Handler<KvEntry> handler;
  private final Promise<Void> caughtUp = Promise.promise();
  private boolean subscribed;
  private boolean closed;
  private long lastDelivered;
  /** When the last delivery reaches the process: later ones never arrive before it. */
  private long deliverAt;
  /** Bumped by every resubscribe: deliveries of an older subscription are dropped. */
  private int generation;
  /** The consumer sequence of the subscription's last message sent, and of the last one received. */
  private long sentSequence;
  private long receivedSequence;

  SimWatch(SimProcess process, SimServer.Stream stream, String filter, Handler<KvEntry> handler) {
    this.process = process;
    this.stream = stream;
    this.filter = filter;
    this.handler = handler;
  }

  @Override
  public Future<Void> start() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("watch closed"));
    }
    if (!process.isConnected()) {
      return Future.failedFuture(new PartiException.Unavailable("watch " + stream.name + "/" + filter + ": disconnected", null));
    }
    Promise<Void> started = Promise.promise();
    long timeoutMs = process.simulation().options().getOperationTimeout().toMillis() + 50;
    long timer = process.scheduler().setTimer(timeoutMs, () -> started.tryFail(
        new PartiException.Timeout("watch " + stream.name + "/" + filter + ": no answer within " + timeoutMs + " ms", null)));
    process.watching(this);
    subscribe(() -> {
      process.scheduler().cancelTimer(timer);
      started.tryComplete();
    });
    return started.future();
  }

  @Override
  public Future<Void> caughtUp() {
    return caughtUp.future();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    subscribed = false;
    stream.watches.remove(this);
    process.unwatching(this);
    return Future.succeededFuture();
  }

  /** After a reconnect: the consumer is created anew from the last delivered revision. */
  void resubscribe() {
    if (!closed && subscribed) {
      subscribe(() -> { });
    }
  }

  /** Creates the consumer at the server: it replays the live entries above the last delivered revision. */
  private void subscribe(Runnable onReplayed) {
    Simulation simulation = process.simulation();
    // The previous consumer is gone: nothing reaches this watch until the new one exists, and it starts with its replay.
    subscribed = false;
    stream.watches.remove(this);
    int current = ++generation;
    process.receive(() -> simulation.queue().after(simulation.faults().latency(), null, () -> {
      if (closed || process.crashed() || generation != current) {
        return; // a later subscribe superseded this one
      }
      subscribed = true;
      sentSequence = 0;
      receivedSequence = 0;
      stream.watches.add(this);
      List<KvEntry> replay = stream.lastPerKey(filter);
      replay.removeIf(e -> e.revision() <= lastDelivered);
      deliverAt = Math.max(deliverAt, simulation.queue().now());
      for (KvEntry entry : replay) {
        schedule(entry, current);
      }
      long replayed = deliverAt;
      simulation.queue().at(replayed, process, () -> process.receive(() -> {
        if (generation == current && !closed) {
          caughtUp.tryComplete();
          onReplayed.run();
        }
      }));
    }));
  }

  /** At the server: a new entry of the stream. */
  void offer(KvEntry entry) {
    if (subscribed && !closed && SimServer.matches(filter, entry.key())) {
      schedule(entry, generation);
    }
  }

  private void schedule(KvEntry entry, int subscription) {
    Simulation simulation = process.simulation();
    long sequence = ++sentSequence;
    deliverAt = Math.max(Math.max(deliverAt, process.watchesStalledUntil()), simulation.queue().now() + simulation.faults().watchDelay());
    simulation.queue().at(deliverAt, process, () -> process.receive(() -> deliver(entry, subscription, sequence)));
  }

  private void deliver(KvEntry entry, int subscription, long sequence) {
    if (closed || subscription != generation) {
      return;
    }
    if (sequence != receivedSequence + 1) {
      resubscribe(); // a message of this subscription was lost: start again after the last revision delivered
      return;
    }
    receivedSequence = sequence;
    if (entry.revision() <= lastDelivered) {
      return;
    }
    lastDelivered = entry.revision();
    handler.handle(entry);
  }
}
