package io.parti.vertx.shared.consumer;

import io.nats.client.JetStreamOptions;

import java.time.Duration;

/**
 * What a JetStream partition consumer is: its durable on a stream, and how it fetches and settles messages.
 *
 * @param stream            the stream (it must exist)
 * @param durable           the durable pull consumer's name, checked by the caller with jnats' validation
 * @param filterSubject     the partition's subjects
 * @param batchSize         messages asked for per pull request
 * @param fetchExpiry       how long a pull request waits for messages
 * @param ackWait           how long the server waits for an ack before redelivering; held messages are kept alive
 * @param maxDeliver        deliveries (and in-place retries) of a message before it is given up
 * @param maxPending        messages received and not settled at most (also the durable's max ack pending)
 * @param nakDelay          redelivery delay after a first failure, doubled per further failure
 * @param maxNakDelay       the longest redelivery delay
 * @param deadLetterSubject where a given-up message is published (JetStream), or null to only terminate it
 * @param name              how logs name this consumer ({@code "partition 3"})
 * @param api               how the JetStream API is reached (a domain, an API prefix), or null for the account's own
 */
public record JetStreamSettings(String stream, String durable, String filterSubject, int batchSize, Duration fetchExpiry,
                                Duration ackWait, int maxDeliver, int maxPending, Duration nakDelay, Duration maxNakDelay,
                                String deadLetterSubject, String name, JetStreamOptions api) {

  /**
   * The JetStream options of a {@code domain} or an {@code apiPrefix} (at most one of them), null for neither.
   *
   * @throws IllegalArgumentException when both are set, or one is not what the client accepts, naming the option
   */
  public static JetStreamOptions api(String domain, String apiPrefix) {
    if (domain != null && apiPrefix != null) {
      throw new IllegalArgumentException("domain and apiPrefix must not both be set: a domain is an API prefix ($JS.<domain>.API.)");
    }
    try {
      if (domain != null) {
        return JetStreamOptions.builder().domain(domain).build();
      }
      return apiPrefix == null ? null : JetStreamOptions.builder().prefix(apiPrefix).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((domain != null ? "domain: " : "apiPrefix: ") + e.getMessage(), e);
    }
  }
}
