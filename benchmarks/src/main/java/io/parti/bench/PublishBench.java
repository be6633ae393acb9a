package io.parti.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.statics.StaticPartitionOptions;
import io.parti.vertx.statics.StaticPublisher;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.Arrays;

/**
 * {@code benchmarks/run publish [--quick]}: core NATS publish throughput of {@link StaticPublisher} (routing each
 * key: XXH3, partition, subject) against raw jnats {@code Connection.publish} of the very same subjects and payloads
 * (precomputed), against one local nats-server started here. Each round publishes a fixed number of messages and
 * flushes; rounds come in back-to-back pairs (alternating which goes first), so a pair shares the machine's load of
 * the moment. Figures: the medians of {@code publisherMsgsPerSec} and {@code rawJnatsMsgsPerSec} (the baseline), and
 * {@code ratio}, the median over pairs of publisher / raw (goal: at least 0.95).
 */
public final class PublishBench {

  private static final int PARTITIONS = 64;
  private static final int KEYS = 4096;
  private static final int PAYLOAD_BYTES = 128;

  private PublishBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    int messages = quick ? 100_000 : 300_000;
    int rounds = quick ? 15 : 41;
    try (NatsServer server = NatsServer.start(); Connection connection = Nats.connect(server.url())) {
      StaticPublisher publisher = StaticPublisher.create(connection, new StaticPartitionOptions()
          .setPartitions(PARTITIONS).setSubjectPattern("bench.orders.{{key}}.{{partition}}"));
      String[] keys = new String[KEYS];
      String[] subjects = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        keys[i] = "customer-" + (100_000 + i * 7919);
        subjects[i] = publisher.subject(keys[i]);
      }
      byte[] payload = new byte[PAYLOAD_BYTES];
      Arrays.fill(payload, (byte) 'x');

      Round raw = () -> {
        for (int i = 0; i < messages; i++) {
          connection.publish(subjects[i & (KEYS - 1)], payload);
        }
      };
      Round routed = () -> {
        for (int i = 0; i < messages; i++) {
          publisher.publish(keys[i & (KEYS - 1)], payload);
        }
      };
      for (int warmup = 0; warmup < 2; warmup++) {
        rate(connection, raw, messages);
        rate(connection, routed, messages);
      }
      double[] rawRates = new double[rounds];
      double[] routedRates = new double[rounds];
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        // Alternate which goes first, so neither always runs on the warmer (or noisier) side of a pair.
        if (r % 2 == 0) {
          rawRates[r] = rate(connection, raw, messages);
          routedRates[r] = rate(connection, routed, messages);
        } else {
          routedRates[r] = rate(connection, routed, messages);
          rawRates[r] = rate(connection, raw, messages);
        }
        ratios[r] = routedRates[r] / rawRates[r];
      }
      System.out.printf("raw jnats msgs/s per round:       %s%npublisher msgs/s per round:       %s%n",
          Arrays.toString(rawRates), Arrays.toString(routedRates));
      double publisherMsgsPerSec = BenchResults.median(routedRates);
      double rawMsgsPerSec = BenchResults.median(rawRates);
      new BenchResults("publish")
          .put("publisherMsgsPerSec", Math.round(publisherMsgsPerSec))
          .put("rawJnatsMsgsPerSec", Math.round(rawMsgsPerSec))
          .put("ratio", Math.round(BenchResults.median(ratios) * 1000) / 1000.0)
          .put("messagesPerRound", messages)
          .put("rounds", rounds)
          .put("payloadBytes", PAYLOAD_BYTES)
          .write();
    }
  }

  private interface Round {
    void run() throws Exception;
  }

  /** Messages per second of one round, flushed so the server has them all. */
  private static double rate(Connection connection, Round round, int messages) throws Exception {
    long start = System.nanoTime();
    round.run();
    connection.flush(Duration.ofSeconds(60));
    return messages / ((System.nanoTime() - start) / 1e9);
  }
}
