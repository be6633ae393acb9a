package io.parti.vertx.impl.protocol;

import io.parti.vertx.Partition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The wire form of an {@link AssignmentRecord}: compact JSON where each slot is a short array and workers
 * are indexes into one name table, gzip-compressed above {@value #COMPRESS_ABOVE} bytes, so that 10,000
 * partitions over 100 workers stay far below NATS' default 1 MiB payload.
 * <pre>
 * {"version":7,"epoch":3,"leader":"worker-0","workers":[0,1],"names":["worker-0","worker-1"],
 *  "slots":[["orders.0",0,4],["orders.1",-1,2,1,6],["orders.2",1,1,-1,0,5]]}
 * </pre>
 * A slot is {@code [id, owner, epoch]}, then {@code releasing, revokedAt} when it is being released, then
 * {@code weight} when it is not 1; {@code -1} is "nobody". {@code "barrier"} is written only when set.
 */
public final class AssignmentCodec {

  /** Records larger than this are gzip-compressed. */
  public static final int COMPRESS_ABOVE = 32 * 1024;

  private AssignmentCodec() {
  }

  public static byte[] encode(AssignmentRecord record) {
    TreeSet<String> nameSet = new TreeSet<>(record.workers());
    record.slots().values().forEach(slot -> {
      if (slot.owner() != null) {
        nameSet.add(slot.owner());
      }
      if (slot.releasing() != null) {
        nameSet.add(slot.releasing());
      }
    });
    List<String> names = new ArrayList<>(nameSet);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    JsonArray workers = new JsonArray();
    record.workers().forEach(w -> workers.add(index.get(w)));
    JsonArray slots = new JsonArray(new ArrayList<>(record.slots().size()));
    record.slots().forEach((id, slot) -> {
      JsonArray a = new JsonArray().add(id).add(slot.owner() == null ? -1 : index.get(slot.owner())).add(slot.epoch());
      if (slot.releasing() != null || slot.weight() != 1) {
        a.add(slot.releasing() == null ? -1 : index.get(slot.releasing())).add(slot.revokedAt());
      }
      if (slot.weight() != 1) {
        a.add(slot.weight());
      }
      slots.add(a);
    });
    JsonObject encoded = new JsonObject()
        .put("version", record.version()).put("epoch", record.leaderEpoch()).put("leader", record.leader())
        .put("workers", workers).put("names", new JsonArray(new ArrayList<>(names)))
        .put("sessions", new JsonObject(new java.util.LinkedHashMap<>(record.sessions()))).put("slots", slots);
    if (record.barrier() > 0) {
      encoded.put("barrier", record.barrier());
    }
    if (record.strategy() != null) {
      encoded.put("strategy", record.strategy());
    }
    byte[] json = encoded.toBuffer().getBytes();
    return Gzip.compressAbove(json, COMPRESS_ABOVE);
  }

  /** Decodes a record, or throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
  public static AssignmentRecord decode(byte[] bytes) {
    JsonObject json = Json.object(Gzip.decompressIfGzip(bytes, "assignment"), "assignment");
    try {
      List<String> names = new ArrayList<>();
      for (Object name : json.getJsonArray("names")) {
        names.add((String) name);
      }
      List<String> workers = new ArrayList<>();
      for (Object i : json.getJsonArray("workers")) {
        workers.add(names.get(((Number) i).intValue()));
      }
      TreeMap<String, Slot> slots = new TreeMap<>();
      for (Object item : json.getJsonArray("slots")) {
        JsonArray a = (JsonArray) item;
        String owner = name(names, a.getInteger(1));
        String releasing = a.size() > 3 ? name(names, a.getInteger(3)) : null;
        long revokedAt = a.size() > 4 ? a.getLong(4) : 0;
        int weight = a.size() > 5 ? a.getInteger(5) : 1;
        if (weight < 1 || (owner != null && releasing != null)) {
          throw new IllegalArgumentException("assignment slot is inconsistent: " + a.encode());
        }
        if (slots.put(slotId(a), new Slot(owner, a.getLong(2), releasing, revokedAt, weight)) != null) {
          throw new IllegalArgumentException("assignment has two slots for " + a.getValue(0));
        }
      }
      TreeMap<String, String> sessions = new TreeMap<>();
      JsonObject stored = json.getJsonObject("sessions", new JsonObject());
      for (String worker : stored.fieldNames()) {
        sessions.put(worker, (String) stored.getValue(worker));
      }
      return new AssignmentRecord(Json.number(json, "version"), Json.number(json, "epoch"),
          Json.string(json, "leader"), workers, sessions, slots, Json.optionalNumber(json, "barrier"),
          Json.optionalString(json, "strategy"));
    } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("assignment has an unexpected shape: " + e.getMessage(), e);
    }
  }

  /** A slot's id must be a canonical partition id: followers start the partition parsed from it. */
  private static String slotId(JsonArray slot) {
    Object id = slot.getValue(0);
    if (!(id instanceof String)) {
      throw new IllegalArgumentException("assignment slot id is not a string: " + slot.encode());
    }
    try {
      Partition.fromId((String) id, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("assignment slot id is not a partition id: " + slot.encode(), e);
    }
    return (String) id;
  }

  private static String name(List<String> names, Integer index) {
    return index == null || index < 0 ? null : names.get(index);
  }
}
