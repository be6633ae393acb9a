package io.parti.vertx.shared.consumer;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Settles JetStream messages once their handling is over: ack on success; on failure a NAK with a growing delay,
 * or, at the last delivery, a terminate, after publishing the message to the dead-letter subject when there is one.
 * A dead letter is terminated only once its publication is confirmed; when publishing fails the message is NAKed
 * and comes back. The durable has no server-side delivery limit: the server would drop a message silently at it, also
 * one that only moves (each hand-back at a move is a delivery), so this class enforces {@code maxDeliver} itself.
 */
final class JetStreamSettler implements KeyedDispatcher.InPlaceRetry {

  private static final System.Logger LOG = System.getLogger(JetStreamSettler.class.getName());
  /** Header names of a dead letter: where it came from and why it was given up. */
  static final String FAILURE_HEADER = "Parti-Failure";
  static final String STREAM_HEADER = "Parti-Stream";
  static final String SUBJECT_HEADER = "Parti-Subject";
  static final String SEQUENCE_HEADER = "Parti-Stream-Sequence";
  static final String DELIVERIES_HEADER = "Parti-Deliveries";
  /** A failure's description in a header is cut to this many characters. */
  private static final int MAX_FAILURE_LENGTH = 1000;

  private final JetStream jetStream;
  private final JetStreamSettings settings;
  private final NakBackoff backoff;

  JetStreamSettler(Connection connection, JetStreamSettings settings) {
    this.settings = settings;
    try {
      this.jetStream = connection.jetStream(settings.api());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.backoff = new NakBackoff(settings.nakDelay(), settings.maxNakDelay());
  }

  /** Ordered dispatch: a failed message runs again here until its deliveries and retries reach {@code maxDeliver}. */
  @Override
  public long delayMs(Message message, int failures) {
    long attempts = message.metaData().deliveredCount() + failures - 1;
    return attempts >= settings.maxDeliver() ? -1 : backoff.delay(attempts).toMillis();
  }

  /**
   * Settles a message whose handling is over; on the consumer's context. Returns whether the message is given up
   * (terminated, after its dead letter is published when there is a dead-letter subject).
   */
  boolean completed(Message message, Throwable failure, int failures, Context context) {
    try {
      if (failure == null) {
        message.ack();
        return false;
      }
      long attempts = message.metaData().deliveredCount() + failures - 1;
      if (attempts < settings.maxDeliver()) {
        Duration delay = backoff.delay(attempts);
        LOG.log(Level.DEBUG, () -> "handler failed on attempt " + attempts + " of a message on " + message.getSubject()
            + " (" + settings.name() + "); redelivery in " + delay, failure);
        message.nakWithDelay(delay);
        return false;
      }
      if (settings.deadLetterSubject() == null) {
        LOG.log(Level.WARNING, () -> "handler failed on attempt " + attempts + " of " + settings.maxDeliver()
            + " of a message on " + message.getSubject() + " (" + settings.name() + "); terminating it", failure);
        message.term();
        return true;
      }
      deadLetter(message, failure, attempts, context);
      return true;
    } catch (RuntimeException e) {
      // The connection is closed or closing: the server redelivers after ackWait.
      LOG.log(Level.WARNING, () -> "could not settle a message on " + message.getSubject() + " (" + settings.name() + ")", e);
      return false;
    }
  }

  /** Given back unhandled: redelivered at once, to whoever consumes the durable next. */
  void giveBack(Message message) {
    try {
      message.nak();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "could not NAK a message on " + message.getSubject() + " (" + settings.name()
          + "); the server redelivers it after ackWait", e);
    }
  }

  private void deadLetter(Message message, Throwable failure, long attempts, Context context) {
    Message letter = NatsMessage.builder()
        .subject(settings.deadLetterSubject())
        .headers(deadLetterHeaders(message, failure, attempts))
        .data(message.getData())
        .build();
    Future.fromCompletionStage(jetStream.publishAsync(letter), context).onComplete(published -> {
      try {
        if (published.succeeded()) {
          LOG.log(Level.WARNING, () -> "gave up a message on " + message.getSubject() + " (" + settings.name() + ") after "
              + attempts + " attempts; published it to " + settings.deadLetterSubject(), failure);
          message.term();
        } else {
          Duration delay = backoff.delay(attempts);
          LOG.log(Level.ERROR, () -> "could not publish a message on " + message.getSubject() + " to the dead-letter subject "
              + settings.deadLetterSubject() + " (" + settings.name() + "); it comes back in " + delay, published.cause());
          message.nakWithDelay(delay);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "could not settle a dead letter on " + message.getSubject(), e);
      }
    });
  }

  private Headers deadLetterHeaders(Message message, Throwable failure, long attempts) {
    Headers headers = new Headers();
    if (message.getHeaders() != null) {
      message.getHeaders().forEach((name, values) -> {
        // Nats-* headers are directives to the stream (expected last sequence, rollup, message id for dedup): applied
        // to the dead letter they could refuse it for ever, purge the dead-letter stream, or drop it as a duplicate.
        if (!name.regionMatches(true, 0, "Nats-", 0, 5)) {
          headers.add(name, values);
        }
      });
    }
    headers.put(FAILURE_HEADER, headerValue(String.valueOf(failure)));
    headers.put(STREAM_HEADER, settings.stream());
    headers.put(SUBJECT_HEADER, message.getSubject());
    headers.put(SEQUENCE_HEADER, Long.toString(message.metaData().streamSequence()));
    headers.put(DELIVERIES_HEADER, Long.toString(attempts));
    return headers;
  }

  /** A header value must be one line of printable ASCII: anything else (a stack of lines, accents) becomes '?'. */
  private static String headerValue(String text) {
    StringBuilder value = new StringBuilder(Math.min(text.length(), MAX_FAILURE_LENGTH));
    for (int i = 0; i < text.length() && i < MAX_FAILURE_LENGTH; i++) {
      char c = text.charAt(i);
      value.append(c >= ' ' && c < 0x7F ? c : '?');
    }
    return value.toString();
  }
}
