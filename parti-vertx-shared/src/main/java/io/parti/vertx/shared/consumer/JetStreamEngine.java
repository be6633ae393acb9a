package io.parti.vertx.shared.consumer;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.parti.vertx.shared.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.Iterator;
import java.util.function.Function;

/**
 * JetStream consumer of one partition through its durable pull consumer. A fetch thread of its own (the wait for
 * messages never runs on an event loop) pulls a batch whenever a whole batch fits within {@code maxPending} and
 * streams each message to the context as it arrives. Held messages are kept alive with in-progress acks.
 * <p>
 * Stopping issues no new pull request and waits for the open one to expire (at most {@code fetchExpiry}); what it
 * brings meanwhile is NAKed with the messages not started, once it is over, so the next owner gets them without
 * waiting for the ack wait (NAKed while the request is open, they would come straight back to it).
 * When the durable disappears it is created again past its last ack floor seen (every 2 s); a missing stream is
 * logged as an error naming it, and retried.
 * <p>
 * A message is handled once at a time here: a delivery of a stored message this consumer still holds is dropped. The
 * server sends one when it believes the first was lost: after it restarted (the in-progress acks that kept the first
 * alive were not stored) or when they could not reach it in time. The delivery held settles the message: the server
 * acks by stream sequence. A delivery of a message this consumer handled and acked lately is acked again and not
 * handled: an ack lost with a server that stopped, or held on a stalled link past the ack wait, must not run the handler
 * twice here.
 */
public final class JetStreamEngine extends PartitionEngine {

  private static final System.Logger LOG = System.getLogger(JetStreamEngine.class.getName());
  /** Wait before fetching again after failed fetches (a disconnection, a deleted durable): up to 5 s, jittered. */
  private static final RetryPolicy FETCH_RETRY = new RetryPolicy(100, 5000, 0.5);
  /**
   * How often the fetch thread checks that its durable still exists (a pull to a deleted one just stays empty) and
   * notes its ack floor, where it would be created again from.
   */
  private static final long CHECK_MS = 2000;

  private final Connection connection;
  private final JetStreamSettings settings;
  private final JetStreamSettler settler;
  private final DurableConsumer durable;
  /** Messages received and not settled: the fetch thread pulls only while a whole batch more fits within maxPending. */
  private final AtomicInteger held = new AtomicInteger();
  /** The stored messages ({@link Deliveries#storedMessage}) taken by the context and not settled; on the context. */
  private final Set<String> heldMessages = new HashSet<>();
  /** The stored messages handled and acked here lately, oldest first; on the context. */
  private final RecentlyAcked recentlyAcked;
  /** Below this many held messages a batch fits again: crossing it wakes the fetch thread. */
  private final int roomForABatch;
  private volatile Thread fetcher;
  private volatile boolean stopping;
  /** Completed (on the context) when the fetch thread leaves its loop: its last pull request is over. */
  private final Promise<Void> fetchLoopEnded = Promise.promise();
  private volatile JetStreamSubscription subscription;
  private long keepAliveTimer = -1;

  /** With a {@code dispatch} ordered by key, a failed message is retried in place (see {@link JetStreamSettler}). */
  public JetStreamEngine(Vertx vertx, Connection connection, JetStreamSettings settings, Dispatch dispatch,
                         Function<Message, Future<?>> handler) {
    super(vertx, dispatch, handler);
    this.connection = connection;
    this.settings = settings;
    this.settler = new JetStreamSettler(connection, settings);
    this.durable = new DurableConsumer(connection, settings);
    this.roomForABatch = settings.maxPending() - settings.batchSize();
    this.recentlyAcked = new RecentlyAcked(settings.ackWait().multipliedBy(2), 4 * settings.maxPending());
  }

  @Override
  protected String[] meterScope() {
    return new String[] {settings.stream(), settings.durable()};
  }

  @Override
  protected StopMode stopMode() {
    return StopMode.GIVE_BACK_WHEN_RECEIVING_STOPPED;
  }

  @Override
  protected boolean admit(Message message) {
    String stored = Deliveries.storedMessage(message);
    if (recentlyAcked.contains(stored, System.nanoTime())) {
      LOG.log(Level.DEBUG, () -> "acked delivery " + Deliveries.count(message) + " of a message on " + message.getSubject()
          + " (" + settings.name() + ") again: it was handled here, and its ack did not reach the server");
      settler.completed(message, null, 0, context);
      left(1);
      return false;
    }
    if (heldMessages.add(stored)) {
      return true;
    }
    LOG.log(Level.DEBUG, () -> "dropped delivery " + Deliveries.count(message) + " of a message on " + message.getSubject()
        + " (" + settings.name() + "): an earlier delivery of it is still held here");
    left(1);
    return false;
  }

  @Override
  protected KeyedDispatcher.InPlaceRetry inPlaceRetry() {
    return settler;
  }

  @Override
  protected Future<Void> startReceiving() {
    Promise<Void> subscribed = Promise.promise(); // completed on the context, so what follows runs there
    fetcher = new Thread(() -> fetchLoop(subscribed), "parti-fetch-" + settings.durable());
    fetcher.setDaemon(true);
    fetcher.start();
    return subscribed.future().onSuccess(v -> {
      long period = Math.max(1, settings.ackWait().toMillis() / 3);
      // Messages held (running, waiting behind their key or for a retry, or still on their way to the context) must
      // not be redelivered meanwhile.
      keepAliveTimer = vertx.setPeriodic(period, period, id -> forEachUnsettled(JetStreamEngine::keepAlive));
    });
  }

  /** The fetch thread: subscribes, then pulls until stopped; failures are retried, with a pause, until then. */
  private void fetchLoop(Promise<Void> subscribed) {
    try {
      durable.createOrUpdate();
      subscription = durable.subscribe();
    } catch (Exception e) {
      context.runOnContext(v -> {
        subscribed.fail(e);
        fetchLoopEnded.complete();
      });
      return;
    }
    context.runOnContext(v -> subscribed.complete());
    try {
      pullUntilStopped();
    } finally {
      context.runOnContext(v -> fetchLoopEnded.complete()); // an Error too: a stop must not wait for ever
    }
  }

  private void pullUntilStopped() {
    int failures = 0;
    long lastCheck = System.nanoTime();
    while (!stopping) {
      try {
        Connection.Status status = connection.getStatus();
        if (status == Connection.Status.CLOSED) {
          break; // the application closed the connection without stopping this consumer: nothing more can come
        }
        if (held.get() > roomForABatch || status != Connection.Status.CONNECTED) {
          // Woken when a batch fits again, or a stop begins. No pull while disconnected: it would wait in the
          // reconnect buffer and bring messages when this partition may be stopping.
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
          continue;
        }
        pull();
        failures = 0;
        if (!stopping && System.nanoTime() - lastCheck > TimeUnit.MILLISECONDS.toNanos(CHECK_MS)) {
          lastCheck = System.nanoTime();
          resubscribeIfRecreated();
        }
      } catch (Exception e) {
        if (stopping || connection.getStatus() == Connection.Status.CLOSED) {
          break; // stopped, or the application closed the connection: nothing more can come
        }
        failures++;
        pauseAfter(e, failures);
      }
    }
  }

  private static void keepAlive(Message message) {
    try {
      message.inProgress();
    } catch (RuntimeException e) {
      // Disconnected: the next tick tries again, and the other messages of this one still get theirs.
      LOG.log(Level.DEBUG, () -> "could not keep a message on " + message.getSubject() + " alive: " + e);
    }
  }

  /** One pull request, for a batch (which fits); every message goes to the context as it arrives. */
  private void pull() {
    if (stopping) {
      return;
    }
    // A stop that comes right after the check waits for this pull to end: the loop ends with it.
    Iterator<Message> messages = subscription.iterate(settings.batchSize(), settings.fetchExpiry());
    while (messages.hasNext()) {
      held.incrementAndGet();
      deliver(messages.next());
    }
  }

  private void pauseAfter(Exception error, int failures) {
    long delay = FETCH_RETRY.delayMs(failures, ThreadLocalRandom.current().nextDouble());
    // Out of contact (or closing), jnats says so itself; a fetch failing on a good connection is news.
    boolean news = failures == 1 && connection.getStatus() == Connection.Status.CONNECTED;
    LOG.log(news ? Level.WARNING : Level.DEBUG, () -> "fetch from " + settings.stream() + "/" + settings.durable()
        + " (" + settings.name() + ") failed: " + error + "; retrying in " + delay + " ms");
    try {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(delay)); // the fetch thread's own pause; a stop wakes it
      if (!stopping) {
        resubscribeIfRecreated();
      }
    } catch (DurableConsumer.StreamMissing e) {
      LOG.log(Level.ERROR, e.getMessage());
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "could not check durable " + settings.durable() + ": " + e);
    }
  }

  /**
   * Creates the durable again if it disappeared, and subscribes to the new one; subscribes anew too when the
   * subscription was closed under a connection that is up.
   */
  private void resubscribeIfRecreated() throws Exception {
    boolean existed = durable.ensureExists();
    if (!existed || !subscription.isActive() && connection.getStatus() == Connection.Status.CONNECTED) {
      JetStreamSubscription old = subscription;
      subscription = durable.subscribe();
      try {
        old.unsubscribe();
      } catch (IllegalStateException alreadyGone) {
        // it was closed with the durable
      }
    }
  }

  @Override
  protected void completed(Message message, Throwable failure, int failures) {
    String stored = Deliveries.storedMessage(message);
    heldMessages.remove(stored);
    if (failure == null) {
      recentlyAcked.add(stored, System.nanoTime());
    }
    if (settler.completed(message, failure, failures, context)) {
      meters.terminated();
    }
    left(1);
  }

  @Override
  protected void rejected(List<Message> messages) {
    messages.forEach(message -> heldMessages.remove(Deliveries.storedMessage(message)));
    messages.forEach(settler::giveBack);
    left(messages.size());
  }

  /** Messages left this consumer (settled or given back): wakes the fetch thread when a batch fits again. */
  private void left(int count) {
    int now = held.addAndGet(-count);
    if (now <= roomForABatch && now + count > roomForABatch) {
      LockSupport.unpark(fetcher);
    }
  }

  /**
   * Completes once the last pull request is over: no new one goes out, and the one open at the server ends when it
   * expires (what it brings meanwhile is held, then given back). Unsubscribing earlier would not end it: the server
   * may still send a message to it, which would then wait for the ack wait instead of going to the next owner.
   */
  @Override
  protected Future<Void> stopReceiving() {
    stopping = true;
    LockSupport.unpark(fetcher);
    return fetchLoopEnded.future().compose(ended -> context.executeBlocking(() -> {
      JetStreamSubscription current = subscription;
      if (current != null && current.isActive()) {
        current.unsubscribe();
      }
      return null;
    }));
  }

  @Override
  protected Future<Void> release() {
    vertx.cancelTimer(keepAliveTimer);
    return Future.succeededFuture();
  }
}
