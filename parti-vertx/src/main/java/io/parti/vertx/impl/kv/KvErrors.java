package io.parti.vertx.impl.kv;

import io.parti.vertx.PartiException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Maps what jnats throws to the typed {@link PartiException}s. */
final class KvErrors {

  /** JetStream's "wrong last sequence": the revision check of a publish failed. */
  static final int WRONG_LAST_SEQUENCE = 10071;

  private KvErrors() {
  }

  static PartiException map(String what, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof PartiException) {
      return (PartiException) cause;
    }
    if (cause instanceof JetStreamApiException && ((JetStreamApiException) cause).getApiErrorCode() == WRONG_LAST_SEQUENCE) {
      return new PartiException.Conflict(what + ": revision conflict", cause);
    }
    if (cause instanceof TimeoutException || cause instanceof CancellationException
        || (cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("Timeout"))) {
      return new PartiException.Timeout(what + ": no answer in time", cause);
    }
    if (cause instanceof IllegalStateException || cause instanceof IOException
        || cause instanceof JetStreamStatusException || cause instanceof JetStreamApiException) {
      return new PartiException.Unavailable(what + ": " + cause.getMessage(), cause);
    }
    return new PartiException.Unavailable(what + ": " + cause, cause);
  }

  /** Strips jnats' and the JDK's wrappers; a JetStream API error anywhere in the chain is the answer. */
  private static Throwable unwrap(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof JetStreamApiException) {
        return t;
      }
    }
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
