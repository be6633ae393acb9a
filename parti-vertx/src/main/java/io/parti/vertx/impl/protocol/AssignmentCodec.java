package io.parti.vertx.impl.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The wire form of an {@link AssignmentRecord}: compact JSON where each slot is a short array and workers
 * are indexes into one name table, gzip-compressed above {@value #COMPRESS_ABOVE} bytes, so that 10,000
 * partitions over 100 workers stay far below NATS' default 1 MiB payload.
 * <pre>
 * {"version":7,"epoch":3,"leader":"worker-0","workers":[0,1],"names":["worker-0","worker-1"],
 *  "slots":[["orders.0",0,4],["orders.1",-1,2,1,6],["orders.2",1,1,-1,0,5]]}
 * </pre>
 * A slot is {@code [id, owner, epoch]}, then {@code releasing, revokedAt} when it is being released, then
 * {@code weight} when it is not 1; {@code -1} is "nobody".
 */
public final class AssignmentCodec {

  /** Records larger than this are gzip-compressed. */
  public static final int COMPRESS_ABOVE = 32 * 1024;
  private static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;

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
    byte[] json = new JsonObject()
        .put("version", record.version()).put("epoch", record.leaderEpoch()).put("leader", record.leader())
        .put("workers", workers).put("names", new JsonArray(new ArrayList<>(names))).put("slots", slots)
        .toBuffer().getBytes();
    return json.length > COMPRESS_ABOVE ? gzip(json) : json;
  }

  /** Decodes a record, or throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
  public static AssignmentRecord decode(byte[] bytes) {
    JsonObject json = Json.object(isGzip(bytes) ? gunzip(bytes) : bytes, "assignment");
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
        slots.put(a.getString(0), new Slot(owner, a.getLong(2), releasing, revokedAt, weight));
      }
      return new AssignmentRecord(Json.number(json, "version"), Json.number(json, "epoch"),
          Json.string(json, "leader"), workers, slots);
    } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("assignment has an unexpected shape: " + e.getMessage(), e);
    }
  }

  private static String name(List<String> names, Integer index) {
    return index == null || index < 0 ? null : names.get(index);
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes(MAX_DECOMPRESSED + 1);
      if (out.length > MAX_DECOMPRESSED) {
        throw new IllegalArgumentException("assignment is larger than " + MAX_DECOMPRESSED + " bytes uncompressed");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("assignment is not valid gzip", e);
    }
  }
}
