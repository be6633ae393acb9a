package io.parti.vertx.impl.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The value of a worker's heartbeat key, {@code <worker id>} in the heartbeat bucket.
 *
 * @param workerId       who is alive
 * @param appliedVersion the last assignment version this worker finished applying: its release receipt
 * @param leaving        the worker is stopping and wants its partitions moved off
 * @param instance       the process' instance id
 * @param session        unique per claim of the worker id: tells a new holder of the same id from the old one
 * @param claim          the revision of the worker-id key when this session claimed it: a later claim of the same
 *                       id has a higher one, so a late heartbeat of an older session is known as such (0: unknown)
 * @param beat           this session's count of heartbeats sent: a leader reading its own heartbeat back knows when
 *                       it sent it (0: unknown)
 * @param left           the session's last word: it ended and runs nothing (a graceful leave, a self-fence). Unlike a
 *                       delete of the key, which every session of the id shares, it says which session is gone
 * @param supersedes     the session of this id whose live lease this session took over (a restart with the same
 *                       instance id), or {@code null}: it may still run partitions, and its key is now this one's
 * @param strategy       the worker's {@code AssignmentStrategy.name()}, or {@code null} (unknown): a leader warns
 *                       when it differs from its own
 */
public record Heartbeat(String workerId, long appliedVersion, boolean leaving, String instance, String session, long claim,
                        long beat, boolean left, String supersedes, String strategy) {

  /** A heartbeat that names no superseded session and no strategy. */
  public Heartbeat(String workerId, long appliedVersion, boolean leaving, String instance, String session, long claim,
                   long beat, boolean left) {
    this(workerId, appliedVersion, leaving, instance, session, claim, beat, left, null, null);
  }

  public byte[] encode() {
    JsonObject json = new JsonObject().put("workerId", workerId).put("applied", appliedVersion).put("leaving", leaving)
        .put("instance", instance).put("session", session).put("claim", claim).put("beat", beat);
    if (left) {
      json.put("left", true);
    }
    if (supersedes != null) {
      json.put("supersedes", supersedes);
    }
    if (strategy != null) {
      json.put("strategy", strategy);
    }
    return json.toBuffer().getBytes();
  }

  /** Decodes a heartbeat, or throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
  public static Heartbeat decode(byte[] bytes) {
    JsonObject json = Json.object(bytes, "heartbeat");
    return new Heartbeat(Json.string(json, "workerId"), Json.number(json, "applied"),
        Boolean.TRUE.equals(json.getValue("leaving")), json.getString("instance", ""), json.getString("session", ""),
        Json.optionalNumber(json, "claim"), Json.optionalNumber(json, "beat"), Boolean.TRUE.equals(json.getValue("left")),
        Json.optionalString(json, "supersedes"), Json.optionalString(json, "strategy"));
  }
}
