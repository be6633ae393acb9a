package io.parti.vertx.impl.kv;

/**
 * A failed KV operation. The subclasses say what kind of failure it was, because the coordinator reacts
 * differently to each: a conflict is an answer (someone else moved the key), unavailability and timeouts
 * are the absence of one.
 */
public class KvException extends RuntimeException {

  public KvException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The key's revision was not the expected one: a create found the key, an update or delete lost a race. */
  public static final class Conflict extends KvException {
    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** NATS could not be asked: the connection is down or closed, or no JetStream server answered. */
  public static final class Unavailable extends KvException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * No answer came within the operation timeout. The write may or may not have been applied; the caller
   * must re-read before it relies on either outcome.
   */
  public static final class Timeout extends KvException {
    public Timeout(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
