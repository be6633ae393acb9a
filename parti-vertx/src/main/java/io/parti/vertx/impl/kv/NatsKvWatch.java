package io.parti.vertx.impl.kv;

import io.parti.vertx.shared.RetryPolicy;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsKeyValueUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Watches the keys of a bucket that match a filter and hands every entry to a handler on the owner's
 * Vert.x context, in revision order, each revision at most once.
 * <p>
 * It does not use jnats' {@code KeyValue.watch}: that watcher can stay blind for 20+ s after a server
 * restart or a stream-leader failover (it notices only after three missed 5 s idle heartbeats). This one
 * is an ordered push consumer with a 1 s idle heartbeat, and it re-subscribes from the last revision it
 * delivered as soon as the connection is re-established, or from the start when the stream is a new one.
 * <p>
 * While it cannot be made again, a watch of one key reads the key at each retry and delivers what is new: in a
 * cluster, making a consumer needs the meta leader, while a direct get is answered by any replica of the stream, so
 * after node kills the key can be read long before a watch can be made (issue 11: a follower stayed blind to new
 * assignments for over a minute). A watch of a pattern has no such fallback.
 */
final class NatsKvWatch implements KvWatch {

  private static final System.Logger LOG = System.getLogger(NatsKvWatch.class.getName());
  /** The idle heartbeat of the watch consumer: missing three of them resets the consumer. */
  static final Duration IDLE_HEARTBEAT = Duration.ofSeconds(1);
  /** After a failed re-subscription: about an idle heartbeat, jittered so watches of a fleet do not retry in step. */
  private static final RetryPolicy RESUBSCRIBE = RetryPolicy.steady(IDLE_HEARTBEAT.toMillis());

  private final NatsKvBucket store;
  private final String filter;
  private final Context context;
  private final Handler<KvEntry> handler;
  private final ConnectionListener reconnectListener;
  private final Promise<Void> caughtUp = Promise.promise();
  /** The subscription's dispatcher while subscribed; {@code null} before start, between two subscriptions and after close. */
  private Dispatcher dispatcher;
  /** The revision of the last entry handed to the handler: a new subscription resumes after it, never before. */
  private long lastRevision;
  /** Closed for good: nothing is delivered or subscribed again. */
  private boolean closed;
  /** The reconnect listener is registered: from the first start until close. */
  private boolean listening;
  /** A new subscription is being made: a second reason to make one waits for it instead. */
  private boolean resubscribing;
  /** When the watched stream was created, as the last subscription found it. */
  private ZonedDateTime streamCreated;

  /**
   * @param filter  a key, or a key pattern with NATS wildcards ({@code >} for every key)
   * @param handler called on {@code context} with each entry, delete markers included
   */
  NatsKvWatch(NatsKvBucket store, String filter, Context context, Handler<KvEntry> handler) {
    this.store = store;
    this.filter = filter;
    this.context = context;
    this.handler = handler;
    this.reconnectListener = (connection, event) -> {
      if (event == ConnectionListener.Events.RECONNECTED) {
        context.runOnContext(v -> resubscribe());
      }
    };
  }

  /** Subscribes once; the latest entry of every matching key is delivered first, then every change. */
  @Override
  public Future<Void> start() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("watch " + store.name() + "/" + filter + " is closed"));
    }
    if (!listening) {
      listening = true;
      store.connection().addConnectionListener(reconnectListener);
    }
    return streamCreated().compose(created -> {
      streamCreated = created;
      return subscribe(0);
    });
  }

  /**
   * Completes once every entry that existed when the watch started has been handed to the handler: from then on
   * the handler's view is complete. The consumer says when: each message carries how many are still pending for
   * it, so the first message handled with none pending (or a consumer with nothing to deliver at all) ends the replay.
   */
  @Override
  public Future<Void> caughtUp() {
    return caughtUp.future();
  }

  /** Stops delivering; entries already queued are dropped. */
  @Override
  public Future<Void> close() {
    closed = true;
    if (listening) {
      listening = false;
      store.connection().removeConnectionListener(reconnectListener);
    }
    Dispatcher d = dispatcher;
    dispatcher = null;
    if (d == null) {
      return Future.succeededFuture();
    }
    return store.vertx().executeBlocking(() -> {
      closeQuietly(d);
      return null;
    }, false).mapEmpty();
  }

  private void resubscribe() {
    if (closed || resubscribing) {
      return;
    }
    resubscribing = true;
    Dispatcher old = dispatcher;
    streamCreated().compose(created -> {
      if (streamCreated != null && !streamCreated.equals(created)) {
        // A new stream (a new server with an empty store, or the bucket created again): its revisions start over,
        // so resuming after the last one delivered would skip everything. Replay it from the start instead.
        LOG.log(System.Logger.Level.INFO, "the stream of " + store.name() + " was created anew; watching it from the start");
        lastRevision = 0;
      }
      streamCreated = created;
      return subscribe(lastRevision + 1);
    }).onComplete(ar -> {
      resubscribing = false;
      if (ar.failed()) {
        LOG.log(System.Logger.Level.WARNING, "re-watch of " + store.name() + "/" + filter + " failed, retrying: " + ar.cause());
        readWhileBlind();
        store.vertx().setTimer(RESUBSCRIBE.delayMs(1, ThreadLocalRandom.current().nextDouble()),
            id -> resubscribe());
      } else if (old != null) {
        store.vertx().executeBlocking(() -> {
          closeQuietly(old);
          return null;
        }, false);
      }
    });
  }

  /** For a watch of one key that cannot be made again: reads the key, and delivers its entry if it is new. */
  private void readWhileBlind() {
    if (closed || filter.contains("*") || filter.contains(">")) {
      return;
    }
    store.latest(filter).onComplete(read -> {
      if (read.succeeded() && read.result() != null) {
        deliver(read.result(), -1); // on the context: the bucket completes on its caller's; -1: not a replay's end
      } else if (read.failed()) {
        LOG.log(System.Logger.Level.DEBUG, "read of " + store.name() + "/" + filter + " while its watch is down failed: " + read.cause());
      }
    });
  }

  /** When the bucket's stream was created: tells the stream watched so far from a new one of the same name. */
  private Future<ZonedDateTime> streamCreated() {
    return store.vertx().executeBlocking(() -> store.connection().jetStreamManagement(store.api())
        .getStreamInfo(NatsKeyValueUtil.toStreamName(store.name())).getCreateTime(), false)
        .recover(error -> Future.failedFuture(KvErrors.map("watch " + store.name() + "/" + filter, error, store.connection(), store.name())));
  }

  /** Creates the ordered consumer (a blocking request in jnats, so on a worker thread). */
  private Future<Void> subscribe(long fromRevision) {
    ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
        .ackPolicy(AckPolicy.None)
        .idleHeartbeat(IDLE_HEARTBEAT);
    if (fromRevision > 0) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(fromRevision);
    } else {
      config.deliverPolicy(DeliverPolicy.LastPerSubject);
    }
    PushSubscribeOptions options = PushSubscribeOptions.builder()
        .stream(NatsKeyValueUtil.toStreamName(store.name()))
        .ordered(true)
        .configuration(config.build())
        .build();
    String subject = store.subjectPrefix() + filter;
    return store.vertx().executeBlocking(() -> {
      Dispatcher d = store.connection().createDispatcher();
      try {
        JetStreamSubscription sub = store.connection().jetStream(store.api()).subscribe(subject, d, this::onMessage, false, options);
        if (fromRevision == 0) {
          ConsumerInfo info = sub.getConsumerInfo();
          if (info.getNumPending() == 0 && info.getDelivered().getConsumerSequence() == 0) {
            context.runOnContext(v -> caughtUp.tryComplete()); // nothing to replay
          }
        }
        return d;
      } catch (Exception e) {
        closeQuietly(d);
        throw e;
      }
    }, false).recover(error -> Future.failedFuture(KvErrors.map("watch " + store.name() + "/" + filter, error, store.connection(), store.name())))
        .compose(d -> {
          if (closed) {
            return store.vertx().executeBlocking(() -> {
              closeQuietly(d);
              return null;
            }, false).mapEmpty();
          }
          dispatcher = d;
          return Future.succeededFuture();
        });
  }

  /** Runs on a jnats dispatcher thread: decode there, deliver on the context. */
  private void onMessage(Message message) {
    if (!message.isJetStream()) {
      return;
    }
    String key = message.getSubject().substring(store.subjectPrefix().length());
    Headers headers = message.getHeaders();
    KvEntry entry = new KvEntry(key, message.getData() == null ? new byte[0] : message.getData(),
        message.metaData().streamSequence(),
        KvEntry.operationOf(NatsKeyValueUtil.getOperation(headers)),
        message.metaData().timestamp().toInstant().toEpochMilli());
    long pending = message.metaData().pendingCount();
    context.runOnContext(v -> deliver(entry, pending));
  }

  private void deliver(KvEntry entry, long pending) {
    // After a re-subscribe both the old and the new consumer may deliver the same revisions.
    if (!closed && entry.revision() > lastRevision) {
      lastRevision = entry.revision();
      handler.handle(entry);
    }
    if (pending == 0) {
      caughtUp.tryComplete();
    }
  }

  private void closeQuietly(Dispatcher d) {
    try {
      store.connection().closeDispatcher(d);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a watch dispatcher: " + e);
    }
  }
}
