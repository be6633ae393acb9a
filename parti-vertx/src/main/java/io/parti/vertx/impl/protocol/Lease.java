package io.parti.vertx.impl.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The value of a worker-id key or of the leader key.
 *
 * @param workerId the holder's worker id
 * @param instance the holder's instance id (stable across restarts when the user sets one)
 * @param nonce    unique per claim: tells our own late write apart from someone else's
 * @param session  the holder's worker session ({@code null} for the leader key): a successor that takes the id over
 *                 names it, so a leader knows it may still run partitions
 */
public record Lease(String workerId, String instance, String nonce, String session) {

  public byte[] encode() {
    JsonObject json = new JsonObject().put("workerId", workerId).put("instance", instance).put("nonce", nonce);
    if (session != null) {
      json.put("session", session);
    }
    return json.toBuffer().getBytes();
  }

  /** Decodes a lease, or throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
  public static Lease decode(byte[] bytes) {
    JsonObject json = Json.object(bytes, "lease");
    return new Lease(Json.string(json, "workerId"), Json.string(json, "instance"), Json.string(json, "nonce"),
        Json.optionalString(json, "session"));
  }
}
