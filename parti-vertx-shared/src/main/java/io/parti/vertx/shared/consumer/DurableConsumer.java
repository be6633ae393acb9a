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

  /** Creates or updates the durable; one that exists with settings that cannot change is used as it is, with a warning. */
  void createOrUpdate() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    try {
      noteAckFloor(jsm.addOrUpdateConsumer(settings.stream(), config(DeliverPolicy.All, 0)));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        throw streamMissing(e);
      }
      // Created again after a deletion, it starts where it stopped: a start policy the original config cannot update.
      noteAckFloor(jsm.getConsumerInfo(settings.stream(), settings.durable()));
      LOG.log(Level.WARNING, () -> "durable " + settings.durable() + " on " + settings.stream() + " exists with settings "
          + "that cannot be updated (" + e.getMessage() + "); consuming it as it is");
    }
  }

  /** Subscribes to the durable (it exists). */
  JetStreamSubscription subscribe() throws IOException, JetStreamApiException {
    return connection.jetStream().subscribe(null, PullSubscribeOptions.fastBind(settings.stream(), settings.durable()));
  }

  /**
   * Whether the durable still exists (noting its ack floor); when it is gone, creates it anew past the last ack floor
   * seen and answers false. A missing stream is an error that names it.
   */
  boolean ensureExists() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    try {
      noteAckFloor(jsm.getConsumerInfo(settings.stream(), settings.durable()));
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        throw streamMissing(e);
      }
      if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
        throw e;
      }
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
