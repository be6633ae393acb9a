package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import io.nats.client.support.NatsKeyValueUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link KvBucket} on jnats.
 * <p>
 * jnats has no asynchronous KV API, so this speaks the KV protocol directly with jnats' asynchronous
 * primitives: a write is a {@code publishAsync} to {@code $KV.<bucket>.<key>} with an expected last subject
 * sequence (0 for create-if-absent), a read is a direct get. Through a domain or an API prefix, writes go to
 * {@code <prefix>$KV.<bucket>.<key>} as jnats sends them: the plain subject does not cross into another domain. Every future completes on the caller's
 * Vert.x context, and fails with a {@link PartiException} saying what kind of failure it was.
 */
public final class NatsKvBucket implements KvBucket {

  private static final long ANY_REVISION = -1;

  private final Vertx vertx;
  private final Connection connection;
  private final JetStream jetStream;
  private final String bucket;
  private final String subjectPrefix;
  /** Where writes go: the key's subject, behind the API prefix when the bucket is reached through one. */
  private final String writePrefix;
  private final String directGetPrefix;
  private final String streamInfoSubject;
  private final Duration timeout;
  private final JetStreamOptions api;

  public NatsKvBucket(Vertx vertx, Connection connection, String bucket, Duration timeout) {
    this(vertx, connection, bucket, timeout, null);
  }

  /** @param api how the JetStream API is reached (a domain, an API prefix), or null for the account's own */
  public NatsKvBucket(Vertx vertx, Connection connection, String bucket, Duration timeout, JetStreamOptions api) {
    this.vertx = vertx;
    this.connection = connection;
    this.bucket = bucket;
    this.timeout = timeout;
    this.api = api == null ? JetStreamOptions.DEFAULT_JS_OPTIONS : api;
    this.subjectPrefix = NatsKeyValueUtil.toKeyPrefix(bucket);
    this.writePrefix = this.api.isDefaultPrefix() ? subjectPrefix : this.api.getPrefix() + subjectPrefix;
    // A direct get of the last message on the key's subject, on the API subject of the domain or prefix.
    this.directGetPrefix = this.api.getPrefix()
        + String.format(NatsJetStreamConstants.JSAPI_DIRECT_GET_LAST, NatsKeyValueUtil.toStreamName(bucket), subjectPrefix);
    this.streamInfoSubject = this.api.getPrefix()
        + String.format(NatsJetStreamConstants.JSAPI_STREAM_INFO, NatsKeyValueUtil.toStreamName(bucket));
    try {
      this.jetStream = connection.jetStream(this.api);
    } catch (IOException e) {
      throw new IllegalStateException("cannot use JetStream on this connection", e);
    }
  }

  @Override
  public String name() {
    return bucket;
  }

  @Override
  public KvWatch watch(String filter, Handler<KvEntry> handler) {
    return new NatsKvWatch(this, filter, vertx.getOrCreateContext(), handler);
  }

  Connection connection() {
    return connection;
  }

  Vertx vertx() {
    return vertx;
  }

  /** How the JetStream API is reached: the domain or prefix, or the account's own. */
  JetStreamOptions api() {
    return api;
  }

  String subjectPrefix() {
    return subjectPrefix;
  }

  /** Writes the key whatever its revision; returns the new revision. */
  @Override
  public Future<Long> put(String key, byte[] value) {
    return write(key, value, ANY_REVISION, false);
  }

  /** Writes the key if its current revision is {@code expectedRevision}; returns the new revision. */
  @Override
  public Future<Long> update(String key, byte[] value, long expectedRevision) {
    return write(key, value, expectedRevision, false);
  }

  /** Deletes the key if its current revision is {@code expectedRevision}. */
  @Override
  public Future<Void> delete(String key, long expectedRevision) {
    return write(key, new byte[0], expectedRevision, true).mapEmpty();
  }

  /** The current value of the key, or {@code null} when it has none (never written, deleted or expired). */
  @Override
  public Future<KvEntry> get(String key) {
    return latest(key).map(entry -> entry == null || entry.isRemoval() ? null : entry);
  }

  @Override
  public Future<KvEntry> latest(String key) {
    String what = "get " + bucket + "/" + key;
    return call(what, () -> connection.requestWithTimeout(directGetPrefix + key, null, timeout))
        .map(message -> toEntry(key, message));
  }

  @Override
  public Future<Long> lastRevision() {
    String what = "info " + bucket;
    return call(what, () -> connection.requestWithTimeout(streamInfoSubject, null, timeout)).compose(reply -> {
      try {
        StreamInfo info = new StreamInfo(reply);
        info.throwOnHasError();
        return Future.succeededFuture(info.getStreamState().getLastSequence());
      } catch (Exception e) {
        return Future.failedFuture(KvErrors.map(what, e, connection, bucket));
      }
    });
  }

  private Future<Long> write(String key, byte[] value, long expectedRevision, boolean delete) {
    String what = (delete ? "delete " : expectedRevision == 0 ? "create " : expectedRevision == ANY_REVISION ? "put " : "update ")
        + bucket + "/" + key;
    Headers headers = null;
    if (delete) {
      headers = NatsKeyValueUtil.getDeleteHeaders();
    }
    PublishOptions.Builder builder = PublishOptions.builder().streamTimeout(timeout);
    if (expectedRevision != ANY_REVISION) {
      builder.expectedLastSubjectSequence(expectedRevision);
    }
    PublishOptions options = builder.build();
    Headers h = headers;
    return this.<PublishAck>call(what, () -> jetStream.publishAsync(writePrefix + key, h, value, options))
        .map(PublishAck::getSeqno);
  }

  /**
   * Runs one jnats asynchronous call and completes on the caller's context, failing with a typed
   * {@link PartiException}, and with {@link PartiException.Timeout} when jnats does not answer in time.
   */
  private <T> Future<T> call(String what, Supplier<CompletableFuture<T>> request) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    CompletableFuture<T> pending;
    try {
      pending = request.get();
    } catch (RuntimeException e) {
      // jnats throws at once when the connection is closed or, without a reconnect buffer, disconnected
      return Future.failedFuture(KvErrors.map(what, e, connection, bucket));
    }
    long timer = vertx.setTimer(timeout.toMillis() + 50, id -> promise.tryFail(KvErrors.map(what,
        new PartiException.Timeout(what + ": no answer within " + timeout.toMillis() + " ms", null), connection, bucket)));
    pending.whenComplete((result, error) -> context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      if (error != null) {
        promise.tryFail(KvErrors.map(what, error, connection, bucket));
      } else {
        promise.tryComplete(result);
      }
    }));
    return promise.future();
  }

  private KvEntry toEntry(String key, Message message) {
    if (message.isStatusMessage()) {
      if (message.getStatus().getCode() == 404) {
        return null;
      }
      throw new PartiException.Unavailable("get " + bucket + "/" + key + ": " + message.getStatus(), null);
    }
    Headers headers = message.getHeaders();
    String sequence = headers == null ? null : headers.getFirst(NatsJetStreamConstants.NATS_SEQUENCE);
    if (sequence == null) {
      throw new PartiException.Unavailable("get " + bucket + "/" + key + ": reply without a sequence", null);
    }
    byte[] data = message.getData();
    return new KvEntry(key, data == null ? new byte[0] : data, Long.parseLong(sequence),
        KvEntry.operationOf(NatsKeyValueUtil.getOperation(headers)), 0);
  }
}
