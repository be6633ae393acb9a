package io.parti.vertx.impl.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Thread-safe; its parsers keep Jackson's default bounds (nesting, string and number lengths). */
  private static final JsonFactory JSON = new JsonFactory();

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
    // Written token by token: a record of 100,000 partitions is encoded on every commit, and a tree of JsonArrays
    // first would cost as much again as the writing.
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 24 * record.slots().size());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("version", record.version());
      json.writeNumberField("epoch", record.leaderEpoch());
      json.writeStringField("leader", record.leader());
      json.writeArrayFieldStart("workers");
      for (String worker : record.workers()) {
        json.writeNumber(index.get(worker));
      }
      json.writeEndArray();
      json.writeArrayFieldStart("names");
      for (String name : names) {
        json.writeString(name);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("sessions");
      for (Map.Entry<String, String> session : record.sessions().entrySet()) {
        json.writeStringField(session.getKey(), session.getValue());
      }
      json.writeEndObject();
      json.writeArrayFieldStart("slots");
      for (Map.Entry<String, Slot> entry : record.slots().entrySet()) {
        Slot slot = entry.getValue();
        json.writeStartArray();
        json.writeString(entry.getKey());
        json.writeNumber(slot.owner() == null ? -1 : index.get(slot.owner()));
        json.writeNumber(slot.epoch());
        if (slot.releasing() != null || slot.weight() != 1) {
          json.writeNumber(slot.releasing() == null ? -1 : index.get(slot.releasing()));
          json.writeNumber(slot.revokedAt());
        }
        if (slot.weight() != 1) {
          json.writeNumber(slot.weight());
        }
        json.writeEndArray();
      }
      json.writeEndArray();
      if (record.barrier() > 0) {
        json.writeNumberField("barrier", record.barrier());
      }
      if (record.strategy() != null) {
        json.writeStringField("strategy", record.strategy());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return Gzip.compressAbove(out.toByteArray(), COMPRESS_ABOVE);
  }

  /** Decodes a record, or throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
  public static AssignmentRecord decode(byte[] bytes) {
    return AssignmentParser.parse(JSON, Gzip.decompressIfGzip(bytes, "assignment"));
  }
}
