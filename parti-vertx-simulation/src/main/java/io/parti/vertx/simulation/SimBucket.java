package io.parti.vertx.simulation;

import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.PartiException;
import io.parti.vertx.impl.kv.KvWatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.List;
import java.util.function.Function;

/**
 * A process' client of one simulated bucket, with the contract of the production client: requests travel to
 * the server and back with a delay, a write may be lost, land after its timeout fired, or land with its reply
 * lost; a request fails at once while the client knows it is disconnected, and with a timeout 50 ms after the
 * operation timeout when no answer came.
 */
final class SimBucket implements KvBucket {

  private static final long ANY = -1;

  private final SimProcess process;
  private final SimServer.Stream stream;
  private final long timeoutMs;

  SimBucket(SimProcess process, SimServer.Stream stream) {
    this.process = process;
    this.stream = stream;
    this.timeoutMs = process.simulation().options().getOperationTimeout().toMillis();
  }

  @Override
  public String name() {
    return stream.name;
  }

  @Override
  public Future<Long> put(String key, byte[] value) {
    return write(key, value, KvEntry.Operation.PUT, ANY);
  }

  @Override
  public Future<Long> update(String key, byte[] value, long expectedRevision) {
    return write(key, value, KvEntry.Operation.PUT, expectedRevision);
  }

  @Override
  public Future<Void> delete(String key, long expectedRevision) {
    return write(key, new byte[0], KvEntry.Operation.DELETE, expectedRevision).mapEmpty();
  }

  @Override
  public Future<KvEntry> get(String key) {
    return latest(key).map(entry -> entry == null || entry.isRemoval() ? null : entry);
  }

  @Override
  public Future<KvEntry> latest(String key) {
    Faults.Fate fate = scriptedOr(new Hold.Request(process, stream.name, key, "GET"), Faults.Fate.NORMAL);
    long asOf = process.simulation().faults().staleAsOf();
    return call("GET", key, fate, s -> fate == Faults.Fate.STALE ? s.readAsOf(key, asOf) : s.read(key));
  }

  /** The stream's last sequence, answered by its leader (never a lagging replica). */
  @Override
  public Future<Long> lastRevision() {
    Faults.Fate fate = scriptedOr(new Hold.Request(process, stream.name, "", "INFO"), Faults.Fate.NORMAL);
    return call("INFO", "", fate, s -> s.sequence);
  }

  /** A scripted test's fate for this request, if it chose one, or {@code otherwise}. */
  private Faults.Fate scriptedOr(Hold.Request request, Faults.Fate otherwise) {
    Faults.Fate fate = process.simulation().faults().scripted(request);
    return fate != null ? fate : otherwise;
  }

  @Override
  public KvWatch watch(String filter, Handler<KvEntry> handler) {
    return new SimWatch(process, stream, filter, handler);
  }

  private Future<Long> write(String key, byte[] value, KvEntry.Operation operation, long expected) {
    String session = process.session();
    Faults.Fate scripted = process.simulation().faults().scripted(new Hold.Request(process, stream.name, key, operation.name()));
    Faults.Fate fate = scripted != null ? scripted : process.simulation().faults().writeFate(process, stream.name, key);
    Future<Long> written = call(operation.name(), key, fate, s -> s.write(key, value, operation, expected, process, session).revision());
    if (stream.name.equals(process.simulation().options().heartbeatBucket())) {
      written.onSuccess(revision -> process.simulation().checker().heartbeatAnswered(process));
    }
    return written;
  }

  /** Sends a request; {@code atServer} runs when (if) it reaches the server. */
  private <T> Future<T> call(String operation, String key, Faults.Fate fate, Function<SimServer.Stream, T> atServer) {
    String what = operation + " " + stream.name + "/" + key;
    if (!process.isConnected()) {
      return Future.failedFuture(new PartiException.Unavailable(what + ": disconnected", null));
    }
    Simulation simulation = process.simulation();
    process.counted();
    Promise<T> promise = Promise.promise();
    long timer = process.scheduler().setTimer(timeoutMs + 50, () -> promise.tryFail(
        new PartiException.Timeout(what + ": no answer within " + timeoutMs + " ms", null)));
    long there = fate == Faults.Fate.LANDS_AFTER_TIMEOUT ? (timeoutMs + 50) * 1_000_000 + simulation.faults().lateness()
        : fate == Faults.Fate.HELD_PAST_LEASE ? simulation.faults().heldPastLease() : simulation.faults().latency();
    Hold.Request request = new Hold.Request(process, stream.name, key, operation);
    process.receive(() -> send(request, () -> simulation.queue().after(there, null, () -> {
      if (fate == Faults.Fate.LOST) {
        return;
      }
      Object outcome;
      try {
        outcome = atServer.apply(stream);
      } catch (PartiException e) {
        outcome = e;
      }
      if (fate == Faults.Fate.REPLY_LOST) {
        return;
      }
      Object answer = outcome;
      // SLOW (scripted only): the answer takes half the timeout on its way back, long after the write landed.
      long back = fate == Faults.Fate.SLOW ? timeoutMs * 1_000_000 / 2 : simulation.faults().latency();
      simulation.queue().after(back, process, () -> process.receive(() -> {
        process.scheduler().cancelTimer(timer);
        if (answer instanceof PartiException) {
          promise.tryFail((PartiException) answer);
        } else {
          @SuppressWarnings("unchecked") T result = (T) answer;
          promise.tryComplete(result);
        }
      }));
    })));
    return promise.future();
  }

  /** Puts a request on the wire, unless a scripted hold keeps it back. */
  private void send(Hold.Request request, Runnable send) {
    // A copy: a rule may add holds, which take the requests after this one.
    for (Hold hold : List.copyOf(process.simulation().holds())) {
      if (hold.offer(request, send)) {
        return;
      }
    }
    send.run();
  }
}
