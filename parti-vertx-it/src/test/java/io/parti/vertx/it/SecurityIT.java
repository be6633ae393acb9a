package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The permissions of docs/security.md, read from the page itself and given to real nats-server processes: a fleet
 * runs, scales and hands off with exactly the coordinator's permissions over each way to log in; an observer reads
 * and cannot write; a user of another group can do neither; and a forged assignment record cannot be written by
 * anyone without the coordinator role.
 */
class SecurityIT extends FleetTest {

  private static final PartiOptions OPTIONS = PartiOptions.fast();
  private static final String PASSWORD = "change-me";
  private static final String TOKEN = "one-secret-for-everyone";
  private static NKey nkey;
  private static TestCertificates certificates;

  /** How a coordinator's connection logs in. */
  enum Login { PASSWORD, NKEY, MUTUAL_TLS, TOKEN, PASSWORD_OVER_TLS }

  @BeforeAll
  static void credentials() throws Exception {
    nkey = NKey.createUser(new SecureRandom());
    certificates = TestCertificates.create("orders-coordinator");
  }

  @ParameterizedTest
  @EnumSource(Login.class)
  void aFleetRunsScalesAndHandsOffWithTheCoordinatorPermissions(Login login) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8); NatsServer nats = NatsServer.startWith(serverConfig(fleet.group, login))) {
      String url = login == Login.MUTUAL_TLS || login == Login.PASSWORD_OVER_TLS ? nats.url().replace("nats://", "tls://") : nats.url();
      Consumer<Options.Builder> logIn = builder -> logIn(builder, login);
      Fleet.await(fleet.startAsync(url, OPTIONS, logIn));
      Fleet.await(fleet.startAsync(url, OPTIONS, logIn));
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);
      Fleet.await(fleet.startAsync(url, OPTIONS, logIn)); // a join: partitions move through the hand-off
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
      fleet.workers().get(0).stop(); // a graceful leave
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);
      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(nats.logTail(2000)).as("nothing the coordinators did was refused").doesNotContain("Violation");
    }
  }

  @Test
  void anObserverReadsTheFleetAndCannotWriteIt() throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8); NatsServer nats = NatsServer.startWith(serverConfig(fleet.group, Login.PASSWORD))) {
      startTwo(fleet, nats);
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection observer = connect(nats, "dashboard", "observer-secret", errors)) {
        // Reads get time on a busy machine; a refused write has no answer to wait for and fails after the default 2 s.
        KeyValue assignments = observer.keyValue(fleet.group + "-assign",
            KeyValueOptions.builder().jsRequestTimeout(Duration.ofSeconds(10)).build());
        KeyValueEntry record = assignments.get("assignment");
        assertThat(record).as("the observer reads the assignment").isNotNull();
        CompletableFuture<KeyValueEntry> watched = new CompletableFuture<>();
        NatsKeyValueWatchSubscription watch = assignments.watch("assignment", new KeyValueWatcher() {
          @Override
          public void watch(KeyValueEntry entry) {
            watched.complete(entry);
          }

          @Override
          public void endOfData() {
          }
        });
        assertThat(watched.get(10, TimeUnit.SECONDS).getRevision()).as("the observer watches the assignment")
            .isGreaterThanOrEqualTo(record.getRevision());
        watch.unsubscribe();

        assertThatThrownBy(() -> observer.keyValue(fleet.group + "-assign").put("assignment", forged(record)))
            .as("the observer writes the assignment");
        assertThat(errors).anyMatch(e -> e.contains("Permissions Violation for Publish to \"$KV." + fleet.group + "-assign.assignment\""));
        assertThatThrownBy(() -> observer.keyValue(fleet.group + "-hb").put("worker-9", "x".getBytes(StandardCharsets.UTF_8)))
            .as("the observer writes a heartbeat");
        assertThatThrownBy(() -> observer.keyValueManagement().delete(fleet.group + "-assign")).as("the observer deletes a bucket");
      }
      assertThat(fleet.workers()).allSatisfy(w -> assertThat(w.coordinator.assignmentVersion()).isLessThan(1_000));
    }
  }

  @Test
  void aUserOfAnotherGroupCanNeitherReadNorWriteThisOne() throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8); NatsServer nats = NatsServer.startWith(serverConfig(fleet.group, Login.PASSWORD))) {
      startTwo(fleet, nats);
      List<String> errors = new CopyOnWriteArrayList<>();
      try (Connection stranger = connect(nats, "payments", "payments-secret", errors)) {
        assertThatThrownBy(() -> stranger.keyValue(fleet.group + "-assign").get("assignment")).as("reading");
        assertThatThrownBy(() -> stranger.keyValue(fleet.group + "-assign").put("assignment", new byte[] {'{', '}'})).as("writing");
        assertThat(errors).anyMatch(e -> e.contains("Permissions Violation for Publish to \"$JS.API.STREAM.INFO.KV_" + fleet.group));
      }
    }
  }

  /** The worker consumer on a connection of its own user with the page's worker-consumer permissions handles everything. */
  @Test
  void theWorkerConsumerRunsWithItsPermissions() throws Exception {
    int messages = 400;
    Set<String> handled = ConcurrentHashMap.newKeySet();
    WorkerConsumerOptions consumer = new WorkerConsumerOptions().setStream("ORDERS").setSubject("orders.{{partition}}.>");
    List<Connection> consumerConnections = new CopyOnWriteArrayList<>();
    try (Fleet fleet = new Fleet(OPTIONS, 8); NatsServer nats = NatsServer.startWith(serverConfig(fleet.group, Login.PASSWORD));
         Connection admin = connect(nats, "admin", "admin-secret", new CopyOnWriteArrayList<>())) {
      admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>")
          .storageType(StorageType.Memory).build());
      fleet.partitionVerticles(coordinatorConnection -> {
        try {
          Connection own = connect(nats, "consumer", "consumer-secret", new CopyOnWriteArrayList<>());
          consumerConnections.add(own);
          return WorkerConsumer.jetStream(own, consumer, (partition, message) -> {
            handled.add(new String(message.getData(), StandardCharsets.UTF_8));
            return io.vertx.core.Future.succeededFuture();
          });
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      startTwo(fleet, nats);
      for (int i = 0; i < messages; i++) {
        admin.jetStream().publish("orders.p" + (i % 8) + ".x", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      }
      fleet.awaitUntil(Duration.ofSeconds(30), () -> handled.size() == messages);
      assertThat(nats.logTail(2000)).as("nothing the worker consumers did was refused").doesNotContain("Violation");
    } finally {
      for (Connection c : consumerConnections) {
        c.close();
      }
    }
  }

  /**
   * The page's account layout: a fleet of the orders team runs in its account, and the payments team's coordinator,
   * allowed a group of the same name, does not find the orders buckets in its own account.
   */
  @Test
  void teamsInTheirOwnAccountsDoNotSeeEachOther() throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8)) {
      String coordinator = SecurityDoc.block("coordinator");
      String config = (coordinator + "\n" + SecurityDoc.block("observer")).replace("orders-", fleet.group + "-") + "\n"
          // The payments team names its group like the orders team: the account keeps them apart all the same.
          + coordinator.replace("ORDERS_", "PAYMENTS_").replace("orders-", fleet.group + "-") + "\n" + SecurityDoc.block("accounts");
      try (NatsServer nats = NatsServer.startWith(config)) {
        startTwo(fleet, nats);
        try (Connection payments = connect(nats, "payments-coordinator", "change-me-three", new CopyOnWriteArrayList<>())) {
          assertThatThrownBy(() -> payments.keyValueManagement().getStatus(fleet.group + "-assign"))
              .as("another account's bucket").isInstanceOf(io.nats.client.JetStreamApiException.class)
              .hasMessageContaining("stream not found");
        }
      }
    }
  }

  /**
   * With {@code domain} set, every JetStream API request goes to the domain's API, {@code $JS.<domain>.API.…}: a fleet
   * runs in the server's domain on the coordinator permissions (the server maps its own domain's API onto
   * {@code $JS.API} and checks that), and a coordinator told another domain sends its requests there, refused.
   */
  @Test
  void aFleetRunsThroughTheApiOfItsDomain() throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8);
         NatsServer nats = NatsServer.startInDomain("hub", serverConfig(fleet.group, Login.PASSWORD))) {
      startTwo(fleet, nats, new PartiOptions(OPTIONS).setDomain("hub"));
      assertThat(nats.logTail(2000)).doesNotContain("Violation");

      // Told another domain, its requests go to that domain's API, which this user may not use: refused at once.
      Throwable failure = Fleet.await(fleet.startAsync(nats.url(), new PartiOptions(OPTIONS).setDomain("elsewhere"),
          builder -> logIn(builder, Login.PASSWORD)).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
      assertThat(failure).isInstanceOf(PartiException.Forbidden.class).hasMessageContaining("$JS.elsewhere.API.STREAM.INFO.KV_");
    }
  }

  /** Each of these missing from the coordinator's permissions fails a deployment at once, naming the subject refused. */
  @ParameterizedTest
  @ValueSource(strings = {"$JS.API.STREAM.CREATE.KV_orders-hb", "$KV.orders-ids.>", "$JS.API.DIRECT.GET.KV_orders-assign.>",
      "$JS.API.CONSUMER.CREATE.KV_orders-assign.>"})
  void aCoordinatorMissingAPermissionFailsToDeployNamingIt(String missing) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8)) {
      String withoutIt = serverConfig(fleet.group, Login.PASSWORD).replace("\"" + missing.replace("orders-", fleet.group + "-") + "\",", "");
      String refused = missing.replace("orders-", fleet.group + "-").replace(".>", "");
      try (NatsServer nats = NatsServer.startWith(withoutIt)) {
        long started = System.nanoTime();
        Throwable failure = Fleet.await(fleet.startAsync(nats.url(), OPTIONS, builder -> logIn(builder, Login.PASSWORD))
            .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure).as("the deployment fails").isInstanceOf(PartiException.Forbidden.class)
            .hasMessageContaining("Permissions Violation").hasMessageContaining(refused);
        assertThat(took).as("failed within an operation timeout of the refusal, not after retries")
            .isLessThan(OPTIONS.getOperationTimeout().multipliedBy(2).plusSeconds(3));
      }
    }
  }

  /** Two coordinators logged in with a password, once they run every partition between them. */
  private static void startTwo(Fleet fleet, NatsServer nats) throws Exception {
    startTwo(fleet, nats, OPTIONS);
  }

  private static void startTwo(Fleet fleet, NatsServer nats, PartiOptions options) throws Exception {
    for (int i = 0; i < 2; i++) {
      Fleet.await(fleet.startAsync(nats.url(), options, builder -> logIn(builder, Login.PASSWORD)));
    }
    fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
        && fleet.registry.byWorker().size() == 2);
  }

  /** The assignment record with only its version raised, the forgery that would steer an open fleet. */
  private static byte[] forged(KeyValueEntry record) {
    String json = new String(record.getValue(), StandardCharsets.UTF_8);
    return json.replaceFirst("\"version\":\\d+", "\"version\":9999999").getBytes(StandardCharsets.UTF_8);
  }

  static Connection connect(NatsServer nats, String user, String password, List<String> errors) throws Exception {
    return Nats.connect(new Options.Builder().server(nats.url()).userInfo(user, password)
        .connectionTimeout(Duration.ofSeconds(2)).errorListener(new ErrorListener() {
          @Override
          public void errorOccurred(Connection conn, String error) {
            errors.add(error);
          }
        }).build());
  }

  private static void logIn(Options.Builder builder, Login login) {
    switch (login) {
      case PASSWORD -> builder.userInfo("orders-coordinator", PASSWORD);
      case NKEY -> builder.authHandler(Nats.staticCredentials(null, nkey.getSeed()));
      case MUTUAL_TLS -> builder.sslContext(certificates.clientContext());
      case TOKEN -> builder.token(TOKEN.toCharArray());
      case PASSWORD_OVER_TLS -> builder.sslContext(certificates.trustingContext()).userInfo("orders-coordinator", PASSWORD);
    }
  }

  /**
   * The page's role blocks for the group (the page's {@code orders}, replaced), users for each login, an observer, and a
   * coordinator of another group ({@code payments}); with a TLS block that maps client certificates to users for mutual
   * TLS.
   */
  private static String serverConfig(String group, Login login) throws Exception {
    if (login == Login.TOKEN) {
      return "authorization { token: \"" + TOKEN + "\" }\n"; // a token has every permission: no roles
    }
    String coordinator = SecurityDoc.block("coordinator");
    String users = "authorization {\n  users: [\n"
        + "    { user: \"orders-coordinator\", password: \"" + PASSWORD + "\", permissions: $ORDERS_COORDINATOR }\n"
        + "    { nkey: \"" + new String(nkey.getPublicKey()) + "\", permissions: $ORDERS_COORDINATOR }\n"
        + "    { user: \"" + certificates.clientSubject() + "\", permissions: $ORDERS_COORDINATOR }\n"
        + "    { user: \"dashboard\", password: \"observer-secret\", permissions: $ORDERS_OBSERVER }\n"
        + "    { user: \"payments\", password: \"payments-secret\", permissions: $PAYMENTS_COORDINATOR }\n"
        + "    { user: \"consumer\", password: \"consumer-secret\", permissions: $ORDERS_WORKER_CONSUMER }\n"
        + "    { user: \"admin\", password: \"admin-secret\" }\n"
        + "  ]\n}\n";
    String roles = (coordinator + "\n" + SecurityDoc.block("observer") + "\n" + SecurityDoc.block("worker-consumer"))
        .replace("orders-", group + "-");
    String otherGroup = coordinator.replace("ORDERS_", "PAYMENTS_").replace("orders-", "payments-");
    return roles + "\n" + otherGroup + "\n" + users + (login == Login.MUTUAL_TLS ? certificates.serverTlsBlock(true)
        : login == Login.PASSWORD_OVER_TLS ? certificates.serverOnlyTlsBlock() : "");
  }
}
