package io.parti.vertx.consumer;

import io.nats.client.Connection;
import io.parti.vertx.Partition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerConsumerOptionsTest {

  /** A connection nobody calls: making the factory and rendering names touch no server. */
  private static final Connection UNUSED = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
      new Class<?>[] {Connection.class}, (proxy, method, args) -> {
        throw new UnsupportedOperationException(method.getName());
      });

  private static WorkerConsumer consumer(WorkerConsumerOptions options) {
    return WorkerConsumer.jetStream(UNUSED, options, (partition, message) -> Future.succeededFuture());
  }

  private static WorkerConsumerOptions valid() {
    return new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>");
  }

  @Test
  void jsonRoundTripsEveryOptionAndTheCopyIsEqual() {
    WorkerConsumerOptions options = valid().setDurable("svc-{{partition}}").setBatchSize(20).setFetchExpiry(Duration.ofMillis(250))
        .setMaxAckPending(40).setAckWait(Duration.ofSeconds(5)).setMaxDeliver(7).setNakDelay(Duration.ofMillis(15))
        .setMaxNakDelay(Duration.ofSeconds(2)).setDeadLetterSubject("dlq.{{partition}}").setMaxConcurrency(3)
        .setOrderedByKey(true).setKeyHeader("Key").setDrainTimeout(Duration.ofSeconds(4)).setDomain("hub");
    JsonObject json = options.toJson();
    assertThat(new WorkerConsumerOptions(json).toJson()).isEqualTo(json);
    assertThat(new WorkerConsumerOptions(options).toJson()).isEqualTo(json);
    assertThat(json.getLong("fetchExpiry")).isEqualTo(250L);
    assertThat(json.getString("domain")).isEqualTo("hub");
  }

  @Test
  void badValuesFailNamingTheOption() {
    assertThatThrownBy(() -> new WorkerConsumerOptions(new JsonObject().put("batchsize", 3)))
        .hasMessage("unknown option batchsize");
    assertThatThrownBy(() -> new WorkerConsumerOptions(new JsonObject().put("batchSize", "3")))
        .hasMessageStartingWith("batchSize must be an integer");
    assertThatThrownBy(() -> valid().setBatchSize(0)).hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> valid().setFetchExpiry(Duration.ofMillis(10))).hasMessageStartingWith("fetchExpiry must be between");
    assertThatThrownBy(() -> valid().setStream("OR.DERS")).hasMessageStartingWith("stream: ");
    assertThatThrownBy(() -> valid().setSubject("orders.all")).hasMessageStartingWith("subject: must name the partition");
    assertThatThrownBy(() -> valid().setSubject("orders.{{part}}")).hasMessageContaining("unknown placeholder {{part}}");
    assertThatThrownBy(() -> valid().setSubject("orders..{{partition}}")).hasMessageStartingWith("subject: ");
    assertThatThrownBy(() -> valid().setDurable("svc")).hasMessageStartingWith("durable: must hold {{partition}}");
    assertThatThrownBy(() -> valid().setDurable("svc/{{partition}}")).hasMessageStartingWith("durable: ");
    assertThatThrownBy(() -> valid().setDeadLetterSubject("dlq.*.{{partition}}")).hasMessageStartingWith("deadLetterSubject: must not hold wildcards");
    assertThat(valid().setDeadLetterSubject("dlq.orders").getDeadLetterSubject()).isEqualTo("dlq.orders");
    assertThatThrownBy(() -> valid().setNakDelay(Duration.ZERO)).hasMessageStartingWith("nakDelay must be at least");
    assertThatThrownBy(() -> valid().setMaxAckPending(10).validate(true)).hasMessage("maxAckPending must be >= batchSize (100), was 10");
    assertThatThrownBy(() -> new WorkerConsumerOptions().setSubject("o.{{partition}}").validate(true)).hasMessage("stream must be set");
    assertThatThrownBy(() -> new WorkerConsumerOptions().setStream("S").validate(true)).hasMessage("subject must be set");
    assertThat(new WorkerConsumerOptions().setSubject("o.{{partition}}").validate(false)).isNotNull();
    assertThatThrownBy(() -> valid().setDomain("hub").setApiPrefix("$JS.x.API.").validate(true))
        .hasMessageStartingWith("domain and apiPrefix must not both be set");
    assertThatThrownBy(() -> consumer(new WorkerConsumerOptions())).hasMessage("stream must be set");
  }

  @Test
  void subjectsTakeThePartitionsKeysAsTokens() {
    WorkerConsumer consumer = consumer(valid().setSubject("orders.{{key1}}.{{partition}}.>"));
    assertThat(consumer.filterSubject(Partition.of("eu", "7"))).isEqualTo("orders.7.eu.7.>");
    assertThatThrownBy(() -> consumer.filterSubject(Partition.of("solo"))).hasMessage("partition solo has no key 1 for {{key1}}");
    assertThatThrownBy(() -> consumer(valid()).filterSubject(Partition.of("a b")))
        .hasMessage("partition a b: key \"a b\" cannot be a subject token");
  }

  @Test
  void durableNamesAreByGroupAndPartitionNeverByWorker() {
    WorkerConsumer consumer = consumer(valid());
    assertThat(consumer.durableName("orders", Partition.of("7"))).isEqualTo("orders-7");
    assertThat(consumer.durableName("orders", Partition.of("eu", "7"))).isEqualTo("orders-eu_2E7");
    assertThat(consumer.durableName("orders", Partition.of("a-b"))).isNotEqualTo(consumer.durableName("orders-a", Partition.of("b")));
  }

  /** Two partitions never share a durable, and every durable is a name the client accepts. */
  @Property(tries = 300)
  void durableNamesAreDistinctPerPartitionAndValid(@ForAll @Size(min = 1, max = 3) List<@StringLength(min = 1, max = 6) String> a,
                                                   @ForAll @Size(min = 1, max = 3) List<@StringLength(min = 1, max = 6) String> b) {
    WorkerConsumer consumer = consumer(valid());
    Partition pa = Partition.of(a, 1);
    Partition pb = Partition.of(b, 1);
    String da = consumer.durableName("g", pa);
    io.nats.client.support.Validator.validateDurable(da, true);
    assertThat(da.equals(consumer.durableName("g", pb))).isEqualTo(pa.equals(pb));
  }
}
