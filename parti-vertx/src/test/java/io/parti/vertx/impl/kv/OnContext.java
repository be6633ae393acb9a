package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.testkit.VertxTestSupport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs an asynchronous call on a Vert.x context from a test thread, and checks that it completes on that context. */
public final class OnContext {

  /** How a call ended: its value or failure, and how long it took. */
  public record Outcome<T>(T value, Throwable failure, long elapsedMillis) {

    public T get() {
      assertThat(failure).as("the call failed").isNull();
      return value;
    }

    /** The failure, checked to be of the given type. */
    public <E extends Throwable> E failedWith(Class<E> type) {
      assertThat(failure).as("the call's failure").isInstanceOf(type);
      return type.cast(failure);
    }
  }

  private final Context context;

  public OnContext(Context context) {
    this.context = context;
  }

  public Context context() {
    return context;
  }

  /** Starts {@code call} on the context and waits for its outcome; fails the test unless it completed on the context. */
  public <T> Outcome<T> call(Supplier<Future<T>> call) throws Exception {
    CompletableFuture<Outcome<T>> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      long start = System.nanoTime();
      Future<T> future;
      try {
        future = call.get();
      } catch (RuntimeException e) {
        result.completeExceptionally(new AssertionError("the call threw instead of failing its future", e));
        return;
      }
      future.onComplete(ar -> {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (Vertx.currentContext() != context) {
          result.completeExceptionally(new AssertionError("completed on " + Vertx.currentContext() + " in "
              + Thread.currentThread().getName() + ", not on the caller's context"));
        } else {
          result.complete(new Outcome<>(ar.result(), ar.cause(), elapsed));
        }
      });
    });
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Makes something on the context, for objects bound to the context they are made on (a watch). */
  public <T> T make(Supplier<T> maker) throws Exception {
    return get(() -> Future.succeededFuture(maker.get()));
  }

  /** The value of a call that must succeed. */
  public <T> T get(Supplier<Future<T>> call) throws Exception {
    return call(call).get();
  }

  /**
   * Runs every kind of KV call once, so that the JVM's first use of jnats, Jackson and Netty (class loading
   * that can take a few hundred ms on a loaded machine) is not blamed on an event loop under test.
   */
  public static void warmUpKv(String natsUrl) throws Exception {
    Vertx vertx = VertxTestSupport.vertx();
    try (Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(natsUrl).build())) {
      OnContext on = new OnContext(vertx.getOrCreateContext());
      NatsKvBucket store = on.get(() -> KvBuckets.open(vertx, connection, "warm-up", Duration.ZERO, 1, 1, Duration.ofSeconds(2)));
      long revision = on.get(() -> store.create("k", new byte[] {1}));
      on.get(() -> store.update("k", new byte[] {2}, revision));
      on.call(() -> store.create("k", new byte[] {3}));
      on.get(() -> store.get("k"));
      KvWatch watch = on.make(() -> store.watch(">", entry -> { }));
      on.get(watch::start);
      on.get(watch::close);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
