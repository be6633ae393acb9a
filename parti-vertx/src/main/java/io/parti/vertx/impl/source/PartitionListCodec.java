package io.parti.vertx.impl.source;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.Gzip;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored form of a partition list: a JSON array of {@code {"keys":[...],"weight":n}} objects,
 * gzip-compressed above {@value #COMPRESS_ABOVE} bytes (readers detect gzip by its magic bytes, so other
 * writers may compress or not).
 */
public final class PartitionListCodec {

  /** Lists whose JSON is larger than this are stored gzip-compressed. */
  public static final int COMPRESS_ABOVE = 16 * 1024;

  private PartitionListCodec() {
  }

  public static byte[] encode(List<Partition> partitions) {
    JsonArray array = new JsonArray(new ArrayList<>(partitions.size()));
    partitions.forEach(p -> array.add(p.toJson()));
    return Gzip.compressAbove(array.toBuffer().getBytes(), COMPRESS_ABOVE);
  }

  /**
   * Decodes a stored list.
   *
   * @throws IllegalArgumentException saying what is wrong: not JSON, not an array, a malformed partition, a
   *                                  partition listed twice
   */
  public static List<Partition> decode(byte[] bytes) {
    byte[] json = Gzip.decompressIfGzip(bytes, "partition list");
    JsonArray array;
    try {
      array = new JsonArray(Buffer.buffer(json));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("partition list is not a JSON array: " + e.getMessage(), e);
    }
    List<Partition> partitions = new ArrayList<>(array.size());
    Set<Partition> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject)) {
        throw new IllegalArgumentException("partition list item " + i + " is not an object: " + item);
      }
      Partition partition = Partition.fromJson((JsonObject) item);
      if (!seen.add(partition)) {
        throw new IllegalArgumentException("partition list names " + partition.id() + " twice");
      }
      partitions.add(partition);
    }
    return partitions;
  }
}
