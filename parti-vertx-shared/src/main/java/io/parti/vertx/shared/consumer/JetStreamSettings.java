package io.parti.vertx.shared.consumer;

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
 */
public record JetStreamSettings(String stream, String durable, String filterSubject, int batchSize, Duration fetchExpiry,
                                Duration ackWait, int maxDeliver, int maxPending, Duration nakDelay, Duration maxNakDelay,
                                String deadLetterSubject, String name) {
}
