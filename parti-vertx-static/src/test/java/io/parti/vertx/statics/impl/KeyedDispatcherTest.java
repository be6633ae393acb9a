package io.parti.vertx.statics.impl;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtensionSupport.class)
class KeyedDispatcherTest {

  private static Message message(String key, int seq) {
    return NatsMessage.builder().subject("t." + key + "." + seq).data(new byte[0]).build();
  }

  private static String keyOf(Message m) {
    return m.getSubject().split("\\.")[1];
  }

  private static int seqOf(Message m) {
    return Integer.parseInt(m.getSubject().split("\\.")[2]);
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
      dispatcher[0] = new KeyedDispatcher(context, 4, KeyedDispatcherTest::keyOf, m -> {
        if (!runningKeys.add(keyOf(m))) {
          overlaps.incrementAndGet();
        }
        Promise<Void> promise = Promise.promise();
        inFlight.add(promise);
        maxRunning.accumulateAndGet(inFlight.size(), Math::max);
        return promise.future();
      }, (m, failure) -> {
        runningKeys.remove(keyOf(m));
        seen.computeIfAbsent(keyOf(m), k -> new ArrayList<>()).add(seqOf(m));
        if (completed.incrementAndGet() == keys * perKey) {
          allDone.complete(null);
        }
      });
      for (int seq = 0; seq < perKey; seq++) {
        for (int k = 0; k < keys; k++) {
          dispatcher[0].submit(message("k" + k, seq));
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
    List<Integer> order = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    onContext(vertx, context -> {
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, null, m -> {
        assertThat(running.incrementAndGet()).isEqualTo(1);
        order.add(seqOf(m));
        return vertx.timer(1).andThen(done -> running.decrementAndGet()).mapEmpty();
      }, (m, failure) -> { });
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
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf,
          m -> seqOf(m) == 0 ? first.future() : Future.succeededFuture(), (m, failure) -> completions.incrementAndGet());
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
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 2, null, m -> switch (seqOf(m)) {
        case 0 -> Future.failedFuture("boom");
        case 1 -> throw new IllegalStateException("thrown");
        case 2 -> null;
        default -> Future.succeededFuture();
      }, (m, failure) -> outcomes.add(seqOf(m) + ":" + (failure == null ? "ok" : failure.getMessage())));
      for (int i = 0; i < 4; i++) {
        dispatcher.submit(message("k", i));
      }
    });
    assertThat(outcomes).containsExactly("0:boom", "1:thrown", "2:the handler returned no future", "3:ok");
  }

  @Test
  void completionsFromOtherThreadsComeBackToTheContext(Vertx vertx) throws Exception {
    CompletableFuture<Boolean> onContext = new CompletableFuture<>();
    Context[] owner = new Context[1];
    onContext(vertx, context -> {
      owner[0] = context;
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, null,
          m -> context.owner().executeBlocking(() -> "done on a worker"),
          (m, failure) -> onContext.complete(Vertx.currentContext() == owner[0] && Context.isOnEventLoopThread()));
      dispatcher.submit(message("k", 0));
    });
    assertThat(onContext.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void removeNotStartedReturnsQueuedMessagesAndForgetsThem(Vertx vertx) throws Exception {
    List<Integer> removed = new ArrayList<>();
    onContext(vertx, context -> {
      KeyedDispatcher dispatcher = new KeyedDispatcher(context, 1, KeyedDispatcherTest::keyOf, m -> Promise.promise().future(),
          (m, failure) -> { });
      dispatcher.submit(message("a", 0));
      dispatcher.submit(message("a", 1));
      dispatcher.submit(message("b", 2));
      dispatcher.submit(message("b", 3));
      dispatcher.removeNotStarted().forEach(m -> removed.add(seqOf(m)));
      assertThat(dispatcher.held()).isEqualTo(1);
    });
    assertThat(removed).containsExactlyInAnyOrder(1, 2, 3);
  }
}
