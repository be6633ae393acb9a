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
 * key: XXH3, partition, key check, subject) against raw jnats {@code Connection.publish} of the very same subjects
 * (precomputed) and payloads, against one local nats-server started here.
 * <p>
 * Each round publishes a fixed number of messages, each with its own key, and flushes. Rounds come in back-to-back
 * pairs (alternating which goes first), so both halves of a pair share the machine's load of the moment. Figures: the
 * medians of {@code publisherMsgsPerSec} and {@code rawJnatsMsgsPerSec} (the baseline), and {@code ratio}, the median
 * over pairs of publisher / raw (goal: at least 0.95).
 */
public final class PublishBench {

  private static final int PARTITIONS = 64;
  private static final int PAYLOAD_BYTES = 128;

  private PublishBench() {
  }

  private interface Round {
    void run();
  }

  /** Medians: publisher rate, raw rate, publisher/raw per pair. */
  private record Comparison(double publisher, double raw, double ratio) {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    int messages = quick ? 100_000 : 300_000;
    int pairs = quick ? 11 : 31;
    try (NatsServer server = NatsServer.start(); Connection connection = Nats.connect(server.url())) {
      StaticPublisher publisher = StaticPublisher.create(connection, new StaticPartitionOptions()
          .setPartitions(PARTITIONS).setSubjectPattern("bench.orders.{{key}}.{{partition}}"));
      String[] keys = new String[messages];
      for (int i = 0; i < messages; i++) {
        keys[i] = "order-" + (10_000_000 + i);
      }
      byte[] payload = new byte[PAYLOAD_BYTES];
      Arrays.fill(payload, (byte) 'x');
      Comparison result = compare(connection, publisher, keys, payload, pairs);
      new BenchResults("publish")
          .put("publisherMsgsPerSec", Math.round(result.publisher()))
          .put("rawJnatsMsgsPerSec", Math.round(result.raw()))
          .put("ratio", Math.round(result.ratio() * 1000) / 1000.0)
          .put("messagesPerRound", messages)
          .put("pairsOfRounds", pairs)
          .put("payloadBytes", PAYLOAD_BYTES)
          .write();
    }
  }

  private static Comparison compare(Connection connection, StaticPublisher publisher, String[] keys, byte[] payload, int pairs) {
    String[] subjects = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      subjects[i] = publisher.subject(keys[i]);
    }
    Round raw = () -> {
      for (int i = 0; i < subjects.length; i++) {
        connection.publish(subjects[i], payload);
      }
    };
    Round routed = () -> {
      for (int i = 0; i < keys.length; i++) {
        publisher.publish(keys[i], payload);
      }
    };
    for (int warmup = 0; warmup < 2; warmup++) {
      rate(connection, raw, keys.length);
      rate(connection, routed, keys.length);
    }
    double[] rawRates = new double[pairs];
    double[] routedRates = new double[pairs];
    double[] ratios = new double[pairs];
    for (int r = 0; r < pairs; r++) {
      if (r % 2 == 0) {
        rawRates[r] = rate(connection, raw, keys.length);
        routedRates[r] = rate(connection, routed, keys.length);
      } else {
        routedRates[r] = rate(connection, routed, keys.length);
        rawRates[r] = rate(connection, raw, keys.length);
      }
      ratios[r] = routedRates[r] / rawRates[r];
    }
    System.out.printf("raw jnats msgs/s per round: %s%npublisher msgs/s per round: %s%n",
        Arrays.toString(rawRates), Arrays.toString(routedRates));
    return new Comparison(BenchResults.median(routedRates), BenchResults.median(rawRates), BenchResults.median(ratios));
  }

  /** Messages per second of one round, flushed so the server has them all. */
  private static double rate(Connection connection, Round round, int messages) {
    long start = System.nanoTime();
    round.run();
    try {
      connection.flush(Duration.ofSeconds(60));
    } catch (Exception e) {
      throw new IllegalStateException("flush after a round failed", e);
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }
}
