package io.parti.vertx.impl.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parti.vertx.Partition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the wire form of {@link AssignmentCodec} token by token. A record of 100,000 partitions is read by every
 * worker on every commit, so it is not first built as a tree of {@code JsonArray}s: slots are read flat, worker
 * indexes are resolved once the names are known (they may come after), and slots that arrive in key order (as the
 * encoder writes them) become the record's map in linear time.
 */
final class AssignmentParser {

  private final JsonParser parser;
  private Long version;
  private Long epoch;
  private String leader;
  private String strategy;
  private long barrier;
  private List<String> names;
  private int[] workerIndexes;
  private final TreeMap<String, String> sessions = new TreeMap<>();
  private List<RawSlot> slots;

  private AssignmentParser(JsonParser parser) {
    this.parser = parser;
  }

  /** Decodes the JSON of one record, or throws {@link IllegalArgumentException} saying what is wrong with it. */
  static AssignmentRecord parse(JsonFactory factory, byte[] json) {
    if (json.length == 0 || json[0] != '{') {
      throw new IllegalArgumentException("assignment is not a JSON object");
    }
    try (JsonParser parser = factory.createParser(json)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // one meaning per field, not the last one read
      return new AssignmentParser(parser).read();
    } catch (IOException e) {
      throw new IllegalArgumentException("assignment is not valid JSON: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // Untrusted bytes: whatever else the parser throws on them is a record to ignore, not a crash.
      throw new IllegalArgumentException("assignment could not be read: " + e, e);
    }
  }

  private AssignmentRecord read() throws IOException {
    expect(parser.nextToken(), JsonToken.START_OBJECT, "value");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "version" -> version = number(field);
        case "epoch" -> epoch = number(field);
        case "leader" -> leader = string(field);
        case "strategy" -> strategy = string(field);
        case "barrier" -> barrier = barrier(number(field));
        case "names" -> names = names();
        case "workers" -> workerIndexes = workerIndexes();
        case "sessions" -> sessions();
        case "slots" -> slots = slots();
        default -> parser.skipChildren(); // a field of a later writer
      }
    }
    if (parser.nextToken() != null) {
      throw new IllegalArgumentException("assignment has data after its end");
    }
    require(version, "version");
    require(epoch, "epoch");
    require(leader, "leader");
    require(names, "names");
    require(workerIndexes, "workers");
    require(slots, "slots");
    List<String> workers = new ArrayList<>(workerIndexes.length);
    for (int index : workerIndexes) {
      if (index < 0 || index >= names.size()) {
        throw new IllegalArgumentException("assignment names a worker by index " + index + " of " + names.size() + " names");
      }
      workers.add(names.get(index));
    }
    return new AssignmentRecord(version, epoch, leader, workers, sessions, toMap(slots, names), barrier, strategy);
  }

  private static long barrier(long barrier) {
    if (barrier < 0) {
      throw new IllegalArgumentException("assignment field barrier must not be negative, was " + barrier);
    }
    return barrier;
  }

  private List<String> names() throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "field names");
    List<String> list = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(parser.currentToken(), JsonToken.VALUE_STRING, "worker name");
      if (list.contains(parser.getText())) {
        throw new IllegalArgumentException("assignment field names has " + parser.getText() + " twice");
      }
      list.add(parser.getText());
    }
    return list;
  }

  private int[] workerIndexes() throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "field workers");
    int[] indexes = new int[8];
    int n = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(parser.currentToken(), JsonToken.VALUE_NUMBER_INT, "worker index");
      if (n == indexes.length) {
        indexes = Arrays.copyOf(indexes, n * 2);
      }
      indexes[n++] = parser.getIntValue();
    }
    return Arrays.copyOf(indexes, n);
  }

  private void sessions() throws IOException {
    expect(parser.currentToken(), JsonToken.START_OBJECT, "field sessions");
    sessions.clear();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String worker = parser.currentName();
      expect(parser.nextToken(), JsonToken.VALUE_STRING, "session of " + worker);
      sessions.put(worker, parser.getText());
    }
  }

  private List<RawSlot> slots() throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "field slots");
    List<RawSlot> read = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(parser.currentToken(), JsonToken.START_ARRAY, "slot");
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("assignment slot id must be a string, was " + describe(parser.currentToken()));
      }
      String id = parser.getText();
      parser.nextToken();
      int owner = slotInt(id, "owner");
      parser.nextToken();
      long slotEpoch = slotLong(id, "epoch");
      int releasing = -1;
      long revokedAt = 0;
      int weight = 1;
      if (parser.nextToken() != JsonToken.END_ARRAY) {
        releasing = slotInt(id, "releasing");
        parser.nextToken();
        revokedAt = slotLong(id, "revokedAt");
        if (parser.nextToken() != JsonToken.END_ARRAY) {
          weight = slotInt(id, "weight");
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren(); // a value of a later writer
          }
        }
      }
      read.add(new RawSlot(id, owner, slotEpoch, releasing, revokedAt, weight));
    }
    return read;
  }

  /** The slot's value at the current token, which must be an integer within an int's range. */
  private int slotInt(String id, String what) throws IOException {
    requireInteger(id, what);
    return parser.getIntValue();
  }

  private long slotLong(String id, String what) throws IOException {
    requireInteger(id, what);
    return parser.getLongValue();
  }

  private void requireInteger(String id, String what) {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("assignment slot " + id + ": " + what + " must be an integer, was " + describe(parser.currentToken()));
    }
  }

  private long number(String field) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("assignment field " + field + " must be an integer, was " + describe(parser.currentToken()));
    }
    return parser.getLongValue();
  }

  private String string(String field) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getTextLength() == 0) {
      throw new IllegalArgumentException("assignment field " + field + " must be a non-empty string, was "
          + (parser.currentToken() == JsonToken.VALUE_STRING ? "empty" : describe(parser.currentToken())));
    }
    return parser.getText();
  }

  private static void expect(JsonToken token, JsonToken expected, String what) {
    if (token != expected) {
      throw new IllegalArgumentException("assignment " + what + " must be " + describe(expected) + ", was " + describe(token));
    }
  }

  /** A token as a reader of the message would name it. */
  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the value";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a fraction";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case END_ARRAY -> "the end of an array";
      case END_OBJECT -> "the end of an object";
      default -> String.valueOf(token);
    };
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("assignment has no field " + field);
    }
  }

  /** A slot as read: worker indexes become names once {@link #toMap} knows them (they may come after). */
  private record RawSlot(String id, int owner, long epoch, int releasing, long revokedAt, int weight) {
  }

  /** The slots by partition id, each checked: a canonical partition id, one slot per id, one consistent state. */
  private static SortedMap<String, Slot> toMap(List<RawSlot> read, List<String> names) {
    int size = read.size();
    String[] ids = new String[size];
    Slot[] slots = new Slot[size];
    boolean ascending = true;
    for (int i = 0; i < size; i++) {
      RawSlot raw = read.get(i);
      String owner = name(names, raw.owner(), raw.id());
      String from = name(names, raw.releasing(), raw.id());
      if (raw.weight() < 1 || (owner != null && from != null)) {
        throw new IllegalArgumentException("assignment slot " + raw.id() + " is inconsistent: owner " + owner
            + ", releasing " + from + ", weight " + raw.weight());
      }
      checkPartitionId(raw.id());
      ids[i] = raw.id();
      slots[i] = new Slot(owner, raw.epoch(), from, raw.revokedAt(), raw.weight());
      ascending &= i == 0 || ids[i - 1].compareTo(ids[i]) < 0;
    }
    if (ascending) {
      return new SortedColumns(ids, slots, size); // the order the encoder writes: no duplicates, no sorting
    }
    TreeMap<String, Slot> map = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      if (map.put(ids[i], slots[i]) != null) {
        throw new IllegalArgumentException("assignment has two slots for " + ids[i]);
      }
    }
    return map;
  }

  private static String name(List<String> names, int index, String id) {
    if (index < -1 || index >= names.size()) {
      throw new IllegalArgumentException("assignment slot " + id + " names a worker by index " + index + " of " + names.size() + " names");
    }
    return index < 0 ? null : names.get(index);
  }

  /** A slot's id must be a canonical partition id: followers start the partition parsed from it. */
  private static void checkPartitionId(String id) {
    try {
      Partition.fromId(id, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("assignment slot id is not a partition id: " + id, e);
    }
  }
}
