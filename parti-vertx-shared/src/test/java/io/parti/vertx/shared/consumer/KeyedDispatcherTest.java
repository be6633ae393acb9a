package io.parti.vertx.shared.consumer;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@ExtendWith(VertxExtensionSupport.class)
class KeyedDispatcherTest {

  private static final BooleanSupplier OPEN = () -> true;

  private static Message message(String key, int seq) {
    return NatsMessage.builder().subject("t." + key + "." + seq).data(new byte[0]).build();
  }

  private static String keyOf(Message m) {
    return m.getSubject().split("\\.")[1];
  }

  private static int seqOf(Message m) {
    return Integer.parseInt(m.getSubject().split("\\.")[2]);
  }

  /** Key and sequence, e.g. {@code a1}. */
  private static String nameOf(Message m) {
    return keyOf(m) + seqOf(m);
  }

  /**
   * Loads what the tests then use on the event loop (AssertJ, jnats messages, the dispatcher) on the test thread: a cold
   * class load there can trip the 100 ms blocked-thread check on a busy machine.
   */
  @BeforeAll
  static void loadClassesOffTheEventLoop() throws Exception {
    Class.forName(KeyedDispatcher.class.getName(), true, KeyedDispatcherTest.class.getClassLoader());
    assertThat(true).isTrue();
    assertThat(0).isZero();
    assertThat(List.of(nameOf(message("a", 0)))).containsExactly("a0");
    Throwable throwable = new AssertionError("warm-up");
    assertThat(throwable).as("warm-up").isSameAs(throwable);
    assertThatCode(() -> { }).doesNotThrowAnyException();
  }

  /** Runs {@code body} on a fresh event-loop context and waits for it to finish. */
  private static void onContext(Vertx vertx, java.util.function.Consumer<Context> body) throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        body.accept(context);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void keepsEachKeyInOrderWhileKeysRunConcurrentlyWithinTheBound(Vertx vertx) throws Exception {
    Map<String, List<Integer>> seen = new HashMap<>();
    List<Promise<Void>> inFlight = new ArrayList<>();
    AtomicInteger maxRunning = new AtomicInteger();
    Set<String> runningKeys = new HashSet<>();
    AtomicInteger overlaps = new AtomicInteger();
    CompletableFuture<Void> allDone = new CompletableFuture<>();
    int keys = 10;
    int perKey = 20;
    onContext(vertx, context -> {
      AtomicInteger completed = new AtomicInteger();
      KeyedDispatcher[] dispatcher = new KeyedDispatcher[1];
      dispatcher[0] = new KeyedDispatcher(context, 4, KeyedDispatcherTest::keyOf, OPEN, m -> {
        if (!runningKeys.add(keyOf(m))) {
          overlaps.incrementAndGet();
        }
        Promise<Void> promise = Promise.promise();
        inFlight.add(promise);
        maxRunning.accumulateAndGet(inFlight.size(), Math::max);
        return promise.future();
      }, (m, failure, failures) -> {
        runningKeys.remove(keyOf(m));
        seen.computeIfAbsent(keyOf(m), k -> new ArrayList<>()).add(seqOf(m));
        if (completed.incrementAndGet() == keys * perKey) {
          allDone.complete(null);
        }
      }, null);
      for (int seq = 0; seq < perKey; seq++) {
        for (int k = 0; k < keys; k++) {
          assertThat(dispatcher[0].submit(message("k" + k, seq))).isTrue();
        }
      }
      assertThat(dispatcher[0].held()).isEqualTo(keys * perKey);
      // Complete in-flight handlers in a scrambled order until everything is done.
      vertx.setPeriodic(1, id -> {
        if (!inFlight.isEmpty()) {
          inFlight.remove(inFlight.size() / 2).complete();
        }
        if (allDone.isDone()) {
          vertx.cancelTimer(id);
        }
      });
    });
    allDone.get(10, TimeUnit.SECONDS);
    assertThat(maxRunning.get()).isEqualTo(4);
    assertThat(overlaps.get()).as("two messages of one key in flight at once").isZero();
    assertThat(seen).hasSize(keys);
    seen.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(perKey));
  }

  @Test
  void oneAtATimeInArrivalOrderWithoutAKeyFunction(Vertx vertx) throws Exception {
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    onContext(vertx, context -> {
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, null, OPEN, m -> {
        assertThat(running.incrementAndGet()).isEqualTo(1);
        order.add(seqOf(m));
        return vertx.timer(1).andThen(done -> running.decrementAndGet()).mapEmpty();
      }, (m, failure, failures) -> { }, null);
      for (int i = 0; i < 30; i++) {
        dispatcher.submit(message("any" + i % 3, i));
      }
    });
    org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> order.size() == 30);
    assertThat(order).isSorted();
  }

  @Test
  void handlersThatCompleteAtOnceDoNotGrowTheStack(Vertx vertx) throws Exception {
    // Many messages of one key queue behind a running one; when it completes, the rest complete
    // synchronously one after another. Recursing per message would overflow the stack.
    int count = 5_000;
    List<Message> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(message("same", i));
    }
    AtomicInteger completions = new AtomicInteger();
    onContext(vertx, context -> {
      Promise<Void> first = Promise.promise();
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, OPEN,
          m -> seqOf(m) == 0 ? first.future() : Future.succeededFuture(),
          (m, failure, failures) -> completions.incrementAndGet(), null);
      messages.forEach(dispatcher::submit);
      first.complete();
      assertThat(dispatcher.held()).isZero();
    });
    assertThat(completions.get()).isEqualTo(count);
  }

  @Test
  void reportsHandlerFailuresThrowsAndNullFuturesAsFailures(Vertx vertx) throws Exception {
    List<String> outcomes = new ArrayList<>();
    onContext(vertx, context -> {
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 2, null, OPEN, m -> switch (seqOf(m)) {
        case 0 -> Future.failedFuture("boom");
        case 1 -> throw new IllegalStateException("thrown");
        case 2 -> null;
        default -> Future.succeededFuture();
      }, (m, failure, failures) -> outcomes.add(seqOf(m) + ":" + (failure == null ? "ok" : failure.getMessage())
          + ":" + failures), null);
      for (int i = 0; i < 4; i++) {
        dispatcher.submit(message("k", i));
      }
    });
    assertThat(outcomes).containsExactly("0:boom:1", "1:thrown:1", "2:the handler returned no future:1", "3:ok:0");
  }

  @Test
  void aHandlerThrowingAnErrorCompletesTheMessageWithItAndTheNextOneStillRuns(Vertx vertx) throws Exception {
    AssertionError boom = new AssertionError("boom");
    List<Throwable> failuresSeen = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    onContext(vertx, context -> {
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, OPEN, m -> {
        if (seqOf(m) == 0) {
          throw boom;
        }
        return Future.succeededFuture();
      }, (m, failure, failures) -> {
        failuresSeen.add(failure);
        outcomes.add(nameOf(m) + ":" + (failure == null ? "ok" : failure.getMessage()) + ":" + failures);
      }, null);
      assertThatCode(() -> dispatcher.submit(message("a", 0))).as("the Error escaped submit").doesNotThrowAnyException();
      assertThat(outcomes).containsExactly("a0:boom:1");
      assertThat(failuresSeen.get(0)).isSameAs(boom);
      assertThat(dispatcher.held()).isZero();
      assertThat(dispatcher.running()).isZero();
      // The slot and the key are free again: the next message of the same key runs.
      assertThat(dispatcher.submit(message("a", 1))).isTrue();
      assertThat(outcomes).containsExactly("a0:boom:1", "a1:ok:0");
      assertThat(dispatcher.held()).isZero();
    });
  }

  /**
   * Key a: a1 fails its first run (at once), a2 its first two (later), a3 succeeds, a4 always fails (given up after
   * three runs), a5 succeeds. b1 succeeds at once. In-place retry after 5 ms while failures &lt; 3.
   */
  @ParameterizedTest(name = "maxConcurrency {0}")
  @ValueSource(ints = {1, 4})
  void aFailedMessageRunsAgainInPlaceAndLaterMessagesOfItsKeyNeverOvertakeIt(int maxConcurrency, Vertx vertx)
      throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    List<String> completions = new CopyOnWriteArrayList<>();
    List<String> retryAsks = new CopyOnWriteArrayList<>();
    AtomicInteger startedOfA = new AtomicInteger();
    AtomicInteger overOfA = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger heldAtEnd = new AtomicInteger(-1);
    CompletableFuture<Void> allDone = new CompletableFuture<>();
    int messages = 6;
    onContext(vertx, context -> {
      Map<String, Integer> attempts = new HashMap<>();
      KeyedDispatcher[] dispatcher = new KeyedDispatcher[1];
      dispatcher[0] = new KeyedDispatcher(context, maxConcurrency, KeyedDispatcherTest::keyOf, OPEN, m -> {
        String name = nameOf(m);
        int attempt = attempts.merge(name, 1, Integer::sum);
        runs.add(name);
        if (keyOf(m).equals("a") && startedOfA.getAndIncrement() != overOfA.get()) {
          overlaps.incrementAndGet();
        }
        Future<Void> result = switch (name) {
          case "a1" -> attempt == 1 ? Future.failedFuture("a1 fails once") : Future.succeededFuture();
          case "a2" -> vertx.timer(1).compose(v -> attempt <= 2 ? Future.failedFuture("a2 fails twice")
              : Future.succeededFuture());
          case "a4" -> throw new IllegalStateException("a4 always fails");
          case "b1" -> Future.succeededFuture();
          default -> vertx.timer(1).mapEmpty();
        };
        return result.onSuccess(v -> handled.add(name));
      }, (m, failure, failures) -> {
        if (keyOf(m).equals("a")) {
          overOfA.incrementAndGet();
        }
        completions.add(nameOf(m) + ":" + (failure == null ? "ok" : failure.getMessage()) + ":" + failures);
        if (completions.size() == messages) {
          heldAtEnd.set(dispatcher[0].held());
          allDone.complete(null);
        }
      }, (m, failures) -> {
        retryAsks.add(nameOf(m) + "#" + failures);
        long delay = failures < 3 ? 5 : -1;
        if (delay >= 0 && keyOf(m).equals("a")) {
          overOfA.incrementAndGet(); // this run is over; when giving up, the completion counts it
        }
        return delay;
      });
      for (int seq = 1; seq <= 5; seq++) {
        dispatcher[0].submit(message("a", seq));
      }
      dispatcher[0].submit(message("b", 1));
    });
    allDone.get(10, TimeUnit.SECONDS);
    assertThat(runs.stream().filter(n -> n.startsWith("a")))
        .containsExactly("a1", "a1", "a2", "a2", "a2", "a3", "a4", "a4", "a4", "a5");
    assertThat(handled.stream().filter(n -> n.startsWith("a"))).containsExactly("a1", "a2", "a3", "a5");
    assertThat(overlaps.get()).as("two messages of key a in flight at once").isZero();
    // b is not held up by a's retries: it completes while a1 waits for its retry.
    assertThat(completions).containsExactly(
        "b1:ok:0", "a1:ok:1", "a2:ok:2", "a3:ok:0", "a4:a4 always fails:3", "a5:ok:0");
    assertThat(retryAsks).containsExactly("a1#1", "a2#1", "a2#2", "a4#1", "a4#2", "a4#3");
    assertThat(heldAtEnd.get()).isZero();
  }

  @ParameterizedTest(name = "maxConcurrency {0}")
  @ValueSource(ints = {1, 4})
  void aRetryThatGivesUpCompletesTheMessageWithItsFailureAndTheKeyMovesOn(int maxConcurrency, Vertx vertx)
      throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    List<String> completions = new CopyOnWriteArrayList<>();
    List<String> retryAsks = new CopyOnWriteArrayList<>();
    AtomicInteger heldAtEnd = new AtomicInteger(-1);
    CompletableFuture<Void> allDone = new CompletableFuture<>();
    onContext(vertx, context -> {
      KeyedDispatcher[] dispatcher = new KeyedDispatcher[1];
      dispatcher[0] = new KeyedDispatcher(context, maxConcurrency, KeyedDispatcherTest::keyOf, OPEN, m -> {
        runs.add(nameOf(m));
        return vertx.timer(1).compose(v -> seqOf(m) == 1 ? Future.failedFuture("a1 fails") : Future.succeededFuture());
      }, (m, failure, failures) -> {
        completions.add(nameOf(m) + ":" + (failure == null ? "ok" : failure.getMessage()) + ":" + failures);
        if (completions.size() == 3) {
          heldAtEnd.set(dispatcher[0].held());
          allDone.complete(null);
        }
      }, (m, failures) -> {
        retryAsks.add(nameOf(m) + "#" + failures);
        return -1;
      });
      for (int seq = 1; seq <= 3; seq++) {
        dispatcher[0].submit(message("a", seq));
      }
    });
    allDone.get(10, TimeUnit.SECONDS);
    assertThat(runs).containsExactly("a1", "a2", "a3");
    assertThat(completions).containsExactly("a1:a1 fails:1", "a2:ok:0", "a3:ok:0");
    assertThat(retryAsks).containsExactly("a1#1");
    assertThat(heldAtEnd.get()).isZero();
  }

  @Test
  void aMessageDueForItsRetryGoesAheadOfReadyMessagesOfOtherKeys(Vertx vertx) throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> allDone = new CompletableFuture<>();
    long retryDelayMs = 5;
    onContext(vertx, context -> {
      Promise<Void> b1 = Promise.promise();
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger a1Runs = new AtomicInteger();
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, OPEN, m -> {
        runs.add(nameOf(m));
        return switch (nameOf(m)) {
          case "a1" -> a1Runs.incrementAndGet() == 1 ? Future.failedFuture("a1 fails once") : Future.succeededFuture();
          case "b1" -> b1.future();
          default -> Future.succeededFuture();
        };
      }, (m, failure, failures) -> {
        if (completed.incrementAndGet() == 5) { // a1, b1, c1, d1, c2
          allDone.complete(null);
        }
      }, (m, failures) -> retryDelayMs);
      dispatcher.submit(message("a", 1)); // fails at once: waits for its retry
      dispatcher.submit(message("b", 1)); // takes the one slot
      dispatcher.submit(message("c", 1)); // ready
      dispatcher.submit(message("c", 2)); // behind c1
      dispatcher.submit(message("d", 1)); // ready
      // Free the slot only after a1's retry timer (set earlier, same event loop) has put it back.
      vertx.timer(retryDelayMs * 10).onComplete(v -> b1.complete());
    });
    allDone.get(10, TimeUnit.SECONDS);
    assertThat(runs).containsExactly("a1", "b1", "a1", "c1", "d1", "c2");
  }

  @Test
  void closeReturnsQueuedMessagesForgetsThemAndRefusesNewOnes(Vertx vertx) throws Exception {
    List<Integer> removed = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    List<Integer> completed = new ArrayList<>();
    onContext(vertx, context -> {
      Promise<Void> running = Promise.promise();
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, OPEN, m -> {
        started.add(seqOf(m));
        return seqOf(m) == 0 ? running.future() : Future.succeededFuture();
      }, (m, failure, failures) -> completed.add(seqOf(m)), null);
      dispatcher.submit(message("a", 0));
      dispatcher.submit(message("a", 1));
      dispatcher.submit(message("b", 2));
      dispatcher.submit(message("b", 3));
      dispatcher.close().forEach(m -> removed.add(seqOf(m)));
      assertThat(dispatcher.held()).isEqualTo(1);
      // The gate is closed: a new message is refused and not held.
      assertThat(dispatcher.submit(message("c", 4))).isFalse();
      assertThat(dispatcher.held()).isEqualTo(1);
      // The running handler goes on to completion; nothing starts after it.
      running.complete();
      assertThat(dispatcher.held()).isZero();
      assertThat(dispatcher.running()).isZero();
      assertThat(dispatcher.close()).isEmpty();
    });
    assertThat(removed).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(started).containsExactly(0);
    assertThat(completed).containsExactly(0);
  }

  @Test
  void closeReturnsAMessageWaitingForAnInPlaceRetryAndItsTimerNeverRunsIt(Vertx vertx) throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    List<String> completions = new CopyOnWriteArrayList<>();
    List<String> retryAsks = new CopyOnWriteArrayList<>();
    List<String> removed = new ArrayList<>();
    CompletableFuture<Integer> heldWellAfterTheRetryDelay = new CompletableFuture<>();
    long retryDelayMs = 5;
    onContext(vertx, context -> {
      Promise<Void> b1 = Promise.promise();
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, OPEN, m -> {
        runs.add(nameOf(m));
        return switch (nameOf(m)) {
          case "a1" -> Future.failedFuture("a1 fails");
          case "b1" -> b1.future();
          default -> Future.succeededFuture();
        };
      }, (m, failure, failures) -> completions.add(nameOf(m) + ":" + (failure == null ? "ok" : failure.getMessage())),
          (m, failures) -> {
            retryAsks.add(nameOf(m) + "#" + failures);
            return retryDelayMs;
          });
      dispatcher.submit(message("a", 1)); // fails at once: waits for its retry
      dispatcher.submit(message("a", 2)); // behind a1
      dispatcher.submit(message("b", 1)); // running
      dispatcher.submit(message("c", 1)); // ready: no free slot
      assertThat(runs).containsExactly("a1", "b1");
      assertThat(dispatcher.held()).isEqualTo(4);
      dispatcher.close().forEach(m -> removed.add(nameOf(m)));
      assertThat(dispatcher.held()).isEqualTo(1);
      assertThat(dispatcher.submit(message("a", 3))).isFalse();
      b1.complete();
      assertThat(dispatcher.held()).isZero();
      // A timer set later than a1's retry timer, on the same event loop, fires after it would have.
      vertx.timer(retryDelayMs * 10).onComplete(v -> heldWellAfterTheRetryDelay.complete(dispatcher.held()));
    });
    assertThat(removed).containsExactlyInAnyOrder("a1", "a2", "c1");
    assertThat(heldWellAfterTheRetryDelay.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(runs).as("a1 ran again after close").containsExactly("a1", "b1");
    assertThat(completions).containsExactly("b1:ok");
    assertThat(retryAsks).containsExactly("a1#1");
  }
}
