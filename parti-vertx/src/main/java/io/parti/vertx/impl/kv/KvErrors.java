package io.parti.vertx.impl.kv;

import io.nats.client.Connection;
import io.parti.vertx.PartiException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.support.NatsJetStreamConstants;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what jnats throws to the typed {@link PartiException}s. Every JetStream error code the client names is
 * classified on purpose ({@link #classify}); any other code is an answer we did not expect, reported as
 * unavailable (the caller retries or fails, it never takes it for a conflict).
 */
final class KvErrors {

  private KvErrors() {
  }

  /**
   * The same, for an operation on {@code bucket} over {@code connection}: no answer, with the server's last error a
   * permission violation on one of the bucket's subjects (or on the inbox its answers come to), is that refusal. The
   * server answers a refused publish with an error on the connection and nothing to the request, so only the
   * connection's last error tells a missing permission from a slow server.
   */
  static PartiException map(String what, Throwable error, Connection connection, String bucket) {
    PartiException mapped = map(what, error);
    if (!(mapped instanceof PartiException.Timeout)) {
      return mapped;
    }
    String last = connection.getLastError();
    if (last != null && last.contains("Permissions Violation")
        && (last.contains("KV_" + bucket + "\"") || last.contains("KV_" + bucket + ".") || last.contains("$KV." + bucket + ".")
        || last.contains("Subscription to"))) {
      return new PartiException.Forbidden(what + ": nats-server refused it: " + last.trim()
          + " (grant the permission: docs/security.md)", error);
    }
    return mapped;
  }

  static PartiException map(String what, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof PartiException) {
      return (PartiException) cause;
    }
    if (cause instanceof JetStreamApiException) {
      return classify(what, (JetStreamApiException) cause);
    }
    if (cause instanceof TimeoutException || cause instanceof CancellationException
        || (cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("Timeout"))) {
      return new PartiException.Timeout(what + ": no answer in time", cause);
    }
    if (cause instanceof IllegalStateException || cause instanceof IOException || cause instanceof JetStreamStatusException) {
      return new PartiException.Unavailable(what + ": " + cause.getMessage(), cause);
    }
    return new PartiException.Unavailable(what + ": " + cause, cause);
  }

  /**
   * The key's revision in nats-server's answer to a failed revision check ({@code wrong last sequence: 17}), or -1 when
   * the answer does not say it in that form.
   */
  static long currentRevision(String description) {
    String prefix = "wrong last sequence: ";
    int at = description == null ? -1 : description.indexOf(prefix);
    if (at < 0) {
      return -1;
    }
    int from = at + prefix.length();
    int to = from;
    while (to < description.length() && description.charAt(to) >= '0' && description.charAt(to) <= '9') {
      to++;
    }
    try {
      return to == from ? -1 : Long.parseLong(description.substring(from, to));
    } catch (NumberFormatException e) {
      return -1; // more digits than a long: not a revision
    }
  }

  private static PartiException classify(String what, JetStreamApiException e) {
    switch (e.getApiErrorCode()) {
      case NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE:
        // The revision check failed: the key is at another revision. An answer, not a failure to get one.
        long current = currentRevision(e.getErrorDescription());
        return new PartiException.Conflict(what + ": revision conflict" + (current < 0 ? "" : ", the key's last entry is revision " + current),
            current, e);
      case NatsJetStreamConstants.JS_SEQUENCE_TEMPORARILY_UNKNOWN:
        // The server could not check the revision yet (its state of the stream is catching up): nothing was
        // written and nothing is known about the key, so not a conflict; asking again gets a real answer, which
        // for a create over a deleted key then takes the delete-marker path.
        return new PartiException.Unavailable(what + ": the key's revision is temporarily unknown to the server", e);
      case NatsJetStreamConstants.JS_NO_MESSAGE_FOUND_ERR:
      case NatsJetStreamConstants.JS_CONSUMER_NOT_FOUND_ERR:
        // Reads handle "no message" as an empty key, and watches recreate their consumer; reaching here means the
        // server lost what it just had (a stream leader change): ask again, as for any other code.
      default:
        return new PartiException.Unavailable(what + ": " + e.getMessage(), e);
    }
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
