package io.parti.vertx.shared.consumer;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The durable pull consumer of one partition on the server, and this process's subscription to it. Blocking: used
 * from the fetch thread only. The durable is created when missing and created again when it disappears, past the last
 * ack floor seen, so nothing is skipped (what was acked since is delivered again).
 */
final class DurableConsumer {

  private static final System.Logger LOG = System.getLogger(DurableConsumer.class.getName());
  private static final int CONSUMER_NOT_FOUND = 10014;
  private static final int STREAM_NOT_FOUND = 10059;

  private final Connection connection;
  private final JetStreamSettings settings;
  /**
   * Where the durable starts if it must be created again: past its ack floor as last seen (everything below it is
   * acked; above it, what was acked since is delivered again rather than anything skipped). 0: from the start.
   */
  private long resumeFrom;

  DurableConsumer(Connection connection, JetStreamSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  /**
   * Creates or updates the durable; one that exists with settings that cannot change is used as it is, with a warning.
   *
   * @throws IllegalStateException when the durable exists with another filter: someone else's (another service's)
   *                               durable of the same name, which an update would take over
   */
  void createOrUpdate() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement(settings.api());
    ConsumerInfo existing = existing(jsm);
    if (existing != null && !settings.filterSubject().equals(existing.getConsumerConfiguration().getFilterSubject())) {
      throw new IllegalStateException("durable " + settings.durable() + " on stream " + settings.stream() + " consumes \""
          + existing.getConsumerConfiguration().getFilterSubject() + "\", not \"" + settings.filterSubject() + "\" (" + settings.name()
          + "): another consumer uses this name; give this one a durable of its own");
    }
    try {
      noteAckFloor(jsm.addOrUpdateConsumer(settings.stream(), config(DeliverPolicy.All, 0)));
    } catch (JetStreamApiException e) {
      if (existing == null) {
        throw e;
      }
      // Created again after a deletion, it starts where it stopped: a start policy the original config cannot update.
      noteAckFloor(existing);
      LOG.log(Level.WARNING, () -> "durable " + settings.durable() + " on " + settings.stream() + " exists with settings "
          + "that cannot be updated (" + e.getMessage() + "); consuming it as it is");
    }
  }

  /** The durable's info, or null when it does not exist. */
  private ConsumerInfo existing(JetStreamManagement jsm) throws IOException, JetStreamApiException {
    try {
      return jsm.getConsumerInfo(settings.stream(), settings.durable());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        throw streamMissing(e);
      }
      if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** Subscribes to the durable (it exists). */
  JetStreamSubscription subscribe() throws IOException, JetStreamApiException {
    return connection.jetStream(settings.api()).subscribe(null, PullSubscribeOptions.fastBind(settings.stream(), settings.durable()));
  }

  /**
   * Whether the durable still exists (noting its ack floor); when it is gone, creates it anew past the last ack floor
   * seen and answers false. A missing stream is an error that names it.
   */
  boolean ensureExists() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement(settings.api());
    ConsumerInfo existing = existing(jsm);
    if (existing != null) {
      noteAckFloor(existing);
      return true;
    }
    long from = resumeFrom;
    LOG.log(Level.WARNING, () -> "durable " + settings.durable() + " on " + settings.stream() + " (" + settings.name()
        + ") disappeared; creating it again from stream sequence " + from);
    try {
      noteAckFloor(jsm.addOrUpdateConsumer(settings.stream(),
          from > 0 ? config(DeliverPolicy.ByStartSequence, from) : config(DeliverPolicy.All, 0)));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        throw streamMissing(e);
      }
      throw e;
    }
    return false;
  }

  private void noteAckFloor(ConsumerInfo info) {
    long floor = info.getAckFloor() == null ? 0 : info.getAckFloor().getStreamSequence();
    if (floor > 0) {
      resumeFrom = floor + 1;
    }
  }

  /** Says which stream is missing and that nothing is consumed until it exists again. */
  StreamMissing streamMissing(JetStreamApiException cause) {
    return new StreamMissing("stream " + settings.stream() + " does not exist: " + settings.name()
        + " is not consumed until it does", cause);
  }

  /** The consumer's stream does not exist. */
  static final class StreamMissing extends IllegalStateException {
    StreamMissing(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ConsumerConfiguration config(DeliverPolicy deliverPolicy, long startSequence) {
    ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
        .durable(settings.durable())
        .filterSubject(settings.filterSubject())
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(settings.ackWait())
        .maxDeliver(-1) // the engine gives messages up itself: the server would drop them silently
        .maxAckPending(settings.maxPending())
        .deliverPolicy(deliverPolicy);
    if (deliverPolicy == DeliverPolicy.ByStartSequence) {
      config.startSequence(startSequence);
    }
    return config.build();
  }
}
