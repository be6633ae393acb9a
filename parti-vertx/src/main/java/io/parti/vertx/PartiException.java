package io.parti.vertx;

/**
 * A coordination operation on NATS failed: deploying a coordinator, editing the partition list, or one KV operation
 * inside them. The subclasses say what a caller can do, because each needs a different reaction: a
 * {@link Conflict} is an answer (someone else changed the key: re-read and try again), {@link Unavailable} and
 * {@link Timeout} are the absence of one (try again later; after a timeout the write may have been applied), and
 * {@link Forbidden} is a refusal that trying again does not change (the user lacks a permission).
 * <p>
 * Other failures keep their own types: invalid options fail with {@link IllegalArgumentException}, a misuse (a
 * coordinator deployed twice, no free worker id) with {@link IllegalStateException}.
 */
public class PartiException extends RuntimeException {

  public PartiException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The key's revision was not the expected one: a create found the key, an update or delete lost a race. */
  public static final class Conflict extends PartiException {

    private final long currentRevision;

    public Conflict(String message, Throwable cause) {
      this(message, -1, cause);
    }

    /** @param currentRevision the revision of the key's last entry, as the server reported it; -1 when it did not say */
    public Conflict(String message, long currentRevision, Throwable cause) {
      super(message, cause);
      this.currentRevision = currentRevision;
    }

    /**
     * The revision of the key's last entry when the server checked it (a delete marker's, for a deleted key; 0: no
     * entry), or -1 when the server did not say. For diagnostics: the key may have changed since.
     */
    public long currentRevision() {
      return currentRevision;
    }
  }

  /** NATS could not be asked: the connection is down or closed, or no JetStream server answered. */
  public static final class Unavailable extends PartiException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * nats-server refused the operation: the connection's user lacks a permission. The message names the subject the
   * server refused (from its {@code Permissions Violation} error); grant it as docs/security.md shows. Not retried.
   */
  public static final class Forbidden extends PartiException {
    public Forbidden(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * No answer came within the operation timeout. The write may or may not have been applied; re-read before
   * relying on either outcome.
   */
  public static final class Timeout extends PartiException {
    public Timeout(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
