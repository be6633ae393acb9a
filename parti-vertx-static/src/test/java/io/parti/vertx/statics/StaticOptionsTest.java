package io.parti.vertx.statics;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticOptionsTest {

  private static StaticPartitionOptions routing() {
    return new StaticPartitionOptions().setPartitions(8).setSubjectPattern("orders.{{key}}.{{partition}}")
        .setHashSeed(-5).setRoutingMode(RoutingMode.JUMP).setKeyEscaping(KeyEscaping.PERCENT).setKeyHeader("Parti-Key");
  }

  private static JsStaticConsumerOptions consumer() {
    return new JsStaticConsumerOptions().setRouting(routing()).setStream("ORDERS").setDurable("orders-{{partition}}")
        .setPartition(3).setMaxConcurrency(4).setMaxPending(200).setOrderedByKey(true).setDrainTimeout(Duration.ofSeconds(5))
        .setBatchSize(50).setFetchExpiry(Duration.ofSeconds(3)).setAckWait(Duration.ofSeconds(10)).setMaxDeliver(7)
        .setNakDelay(Duration.ofMillis(250)).setMaxNakDelay(Duration.ofSeconds(20));
  }

  @Test
  void defaultsAreTheDocumentedConstants() {
    JsStaticConsumerOptions options = new JsStaticConsumerOptions();
    assertThat(options.getRouting().getHashSeed()).isEqualTo(StaticPartitionOptions.DEFAULT_HASH_SEED).isZero();
    assertThat(options.getRouting().getRoutingMode()).isEqualTo(RoutingMode.MODULO);
    assertThat(options.getRouting().getKeyEscaping()).isEqualTo(KeyEscaping.REJECT);
    assertThat(options.getRouting().getKeyHeader()).isNull();
    assertThat(options.getPartition()).isEqualTo(StaticConsumerOptions.DEFAULT_PARTITION);
    assertThat(options.getMaxConcurrency()).isEqualTo(StaticConsumerOptions.DEFAULT_MAX_CONCURRENCY);
    assertThat(options.getMaxPending()).isEqualTo(StaticConsumerOptions.DEFAULT_MAX_PENDING);
    assertThat(options.isOrderedByKey()).isFalse();
    assertThat(options.getDrainTimeout()).isEqualTo(StaticConsumerOptions.DEFAULT_DRAIN_TIMEOUT);
    assertThat(options.getDurable()).isEqualTo(JsStaticConsumerOptions.DEFAULT_DURABLE);
    assertThat(options.getBatchSize()).isEqualTo(JsStaticConsumerOptions.DEFAULT_BATCH_SIZE);
    assertThat(options.getFetchExpiry()).isEqualTo(JsStaticConsumerOptions.DEFAULT_FETCH_EXPIRY);
    assertThat(options.getAckWait()).isEqualTo(JsStaticConsumerOptions.DEFAULT_ACK_WAIT);
    assertThat(options.getMaxDeliver()).isEqualTo(JsStaticConsumerOptions.DEFAULT_MAX_DELIVER);
    assertThat(options.getNakDelay()).isEqualTo(JsStaticConsumerOptions.DEFAULT_NAK_DELAY);
    assertThat(options.getMaxNakDelay()).isEqualTo(JsStaticConsumerOptions.DEFAULT_MAX_NAK_DELAY);
  }

  @Test
  void theDefaultDurableIsDerivedFromTheStreamAndThePatternSoServicesReadingOneStreamDoNotShareOne() {
    StaticPartitionOptions orders = new StaticPartitionOptions().setPartitions(8).setSubjectPattern("orders.{{key}}.{{partition}}");
    JsStaticConsumerOptions options = new JsStaticConsumerOptions().setRouting(orders).setStream("ORDERS");
    assertThat(options.durableName(3)).matches("parti-orders-[0-9a-f]{8}-3");
    assertThat(new JsStaticConsumerOptions(options).durableName(3)).as("stable").isEqualTo(options.durableName(3));
    JsStaticConsumerOptions other = new JsStaticConsumerOptions().setStream("ORDERS")
        .setRouting(new StaticPartitionOptions(orders).setSubjectPattern("orders.{{partition}}.{{key}}"));
    assertThat(other.durableName(3)).isNotEqualTo(options.durableName(3));
    assertThat(new JsStaticConsumerOptions(options).setStream("OTHER").durableName(3)).isNotEqualTo(options.durableName(3));
    assertThat(options.toJson().containsKey("durable")).isFalse();
  }

  @Test
  void jsonAndCopyConstructorsKeepEveryField() {
    JsStaticConsumerOptions options = consumer();
    JsonObject json = options.toJson();
    assertThat(new JsStaticConsumerOptions(json).toJson()).isEqualTo(json);
    assertThat(new JsStaticConsumerOptions(options).toJson()).isEqualTo(json);
    JsonObject base = new StaticConsumerOptions(options).toJson();
    assertThat(new StaticConsumerOptions(base).toJson()).isEqualTo(base);
    assertThat(new StaticPartitionOptions(routing().toJson()).toJson()).isEqualTo(routing().toJson());
    assertThat(json.getJsonObject("routing").getString("routingMode")).isEqualTo("JUMP");
    assertThat(json.getLong("fetchExpiry")).as("durations in milliseconds, as PartiOptions writes them").isEqualTo(3000L);
    assertThat(new JsStaticConsumerOptions(json.copy().put("fetchExpiry", "PT4S")).getFetchExpiry()).isEqualTo(Duration.ofSeconds(4));
    assertThat(new JsStaticConsumerOptions(new JsonObject()).toJson()).isEqualTo(new JsStaticConsumerOptions().toJson());
    assertThat(options.durableName(3)).isEqualTo("orders-3");
    assertThat(options.validate()).isSameAs(options);
  }

  /** The convention of PartiOptions: a key nobody knows, or a value of the wrong type, fails naming the option. */
  @Test
  void jsonWithUnknownKeysOrWrongTypesIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> new JsStaticConsumerOptions(new JsonObject().put("batchsize", 10))).hasMessage("unknown option batchsize");
    assertThatThrownBy(() -> new StaticConsumerOptions(new JsonObject().put("stream", "s"))).hasMessage("unknown option stream");
    assertThatThrownBy(() -> new JsStaticConsumerOptions(new JsonObject().put("batchSize", "10"))).hasMessage("batchSize must be an integer, was 10");
    assertThatThrownBy(() -> new JsStaticConsumerOptions(new JsonObject().put("ackWait", "30s"))).hasMessageStartingWith("ackWait must be milliseconds or an ISO-8601");
    assertThatThrownBy(() -> new StaticPartitionOptions(new JsonObject().put("routingMode", "MOD"))).hasMessageStartingWith("routingMode must be one of");
    assertThatThrownBy(() -> new StaticConsumerOptions(new JsonObject().put("routing", "x"))).hasMessage("routing must be an object, was x");
  }

  @Test
  void copiesAreIndependent() {
    JsStaticConsumerOptions options = consumer();
    JsStaticConsumerOptions copy = new JsStaticConsumerOptions(options);
    copy.getRouting().setPartitions(2);
    copy.setStream("OTHER");
    assertThat(options.getRouting().getPartitions()).isEqualTo(8);
    assertThat(options.getStream()).isEqualTo("ORDERS");
  }

  private static void assertInvalid(Consumer<JsStaticConsumerOptions> change, String message) {
    JsStaticConsumerOptions options = consumer();
    change.accept(options);
    assertThatThrownBy(options::validate).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  private static void assertInvalidStartingWith(Consumer<JsStaticConsumerOptions> change, String prefix) {
    JsStaticConsumerOptions options = consumer();
    change.accept(options);
    assertThatThrownBy(options::validate).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(prefix);
  }

  @Test
  void validationNamesTheOptionThatIsWrong() {
    assertInvalid(o -> o.getRouting().setPartitions(0), "partitions must be >= 1, was 0");
    assertInvalid(o -> o.getRouting().setSubjectPattern(null), "subjectPattern is required (e.g. \"orders.{{partition}}\")");
    assertInvalid(o -> o.getRouting().setKeyHeader("Parti Key"),
        "keyHeader must be a header name of printable ASCII without ':' or spaces, was \"Parti Key\"");
    assertInvalid(o -> o.setPartition(8), "partition must be in [0, 8) or -1 (from the StatefulSet environment), was 8");
    assertInvalid(o -> o.setPartition(-2), "partition must be in [0, 8) or -1 (from the StatefulSet environment), was -2");
    assertInvalid(o -> o.setMaxConcurrency(0), "maxConcurrency must be >= 1, was 0");
    assertInvalid(o -> o.setMaxPending(3), "maxPending must be >= maxConcurrency (4), was 3");
    assertInvalid(o -> o.setMaxPending(40), "maxPending must be >= batchSize (50), was 40");
    assertInvalid(o -> o.getRouting().setSubjectPattern("orders.{{partition}}").setKeyHeader(null),
        "orderedByKey needs the key of each message: use a subjectPattern with {{key}} or set the routing's keyHeader");
    assertInvalid(o -> o.setDrainTimeout(Duration.ZERO), "drainTimeout must be positive, was PT0S");
    assertInvalid(o -> o.setStream(null), "stream must be a non-empty name without whitespace, '.', '*' or '>', was null");
    assertInvalid(o -> o.setStream("OR.DERS"), "stream must be a non-empty name without whitespace, '.', '*' or '>', was \"OR.DERS\"");
    assertInvalid(o -> o.setDurable("my durable"), "durable must be a non-empty name without whitespace, '.', '*' or '>', was \"my durable\"");
    assertInvalid(o -> o.setBatchSize(0), "batchSize must be >= 1, was 0");
    // What only create() or the server refused before: every rule is checked by validate(), naming the option.
    assertInvalidStartingWith(o -> o.setDurable("orders/{{partition}}"), "durable: ");
    assertInvalidStartingWith(o -> o.getRouting().setSubjectPattern(""), "subjectPattern: ");
    assertInvalidStartingWith(o -> o.getRouting().setSubjectPattern("o.{{partition}}.{{partition}}.{{key}}"), "subjectPattern: ");
    assertInvalid(o -> o.setFetchExpiry(Duration.ofMillis(500)), "fetchExpiry must be between PT1S and PT1M, was PT0.5S");
    assertInvalid(o -> o.setFetchExpiry(Duration.ofSeconds(61)), "fetchExpiry must be between PT1S and PT1M, was PT1M1S");
    assertInvalid(o -> o.setAckWait(Duration.ofSeconds(-1)), "ackWait must be positive, was PT-1S");
    assertInvalid(o -> o.setMaxDeliver(0), "maxDeliver must be >= 1, was 0");
    assertInvalid(o -> o.setNakDelay(Duration.ZERO), "nakDelay must be at least 1 ms, was PT0S");
    assertInvalid(o -> o.setNakDelay(Duration.ofNanos(999_999)), "nakDelay must be at least 1 ms, was PT0.000999999S");
    assertInvalid(o -> o.setMaxNakDelay(Duration.ofMillis(100)), "maxNakDelay must be >= nakDelay (PT0.25S), was PT0.1S");
  }
}
