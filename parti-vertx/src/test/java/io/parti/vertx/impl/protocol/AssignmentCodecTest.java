package io.parti.vertx.impl.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class AssignmentCodecTest {

  private static final int ONE_MIB = 1024 * 1024;

  private static AssignmentRecord sample() {
    TreeMap<String, Slot> slots = new TreeMap<>();
    slots.put("orders.0", Slot.owned("worker-0", 4, 1));
    slots.put("orders.1", Slot.releasing("worker-1", 2, 6, 1));
    slots.put("orders.2", Slot.owned("worker-1", 1, 5));
    slots.put("orders.3", Slot.releasing("worker-2", 3, 9, 2));
    slots.put("orders.4", Slot.unowned(7, 1));
    slots.put("orders.5", Slot.unowned(8, 3));
    slots.put("a%2Eb.c", Slot.owned("gone-worker", 1, 1));
    return new AssignmentRecord(7, 3, "worker-0", List.of("worker-0", "worker-1", "worker-2"), slots);
  }

  @Example
  void sessionsRoundTrip() {
    TreeMap<String, Slot> slots = new TreeMap<>(Map.of("p", Slot.owned("worker-0", 5, 1)));
    TreeMap<String, String> sessions = new TreeMap<>(Map.of("worker-0", "s-0", "worker-1", "s-1"));
    AssignmentRecord record = new AssignmentRecord(5, 2, "worker-0", List.of("worker-0", "worker-1"), sessions, slots);

    AssignmentRecord decoded = AssignmentCodec.decode(AssignmentCodec.encode(record));

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.grantsFor("worker-0", "s-0")).isTrue();
    assertThat(decoded.grantsFor("worker-0", "s-other")).isFalse();
    assertThat(decoded.grantsFor("worker-9", "anything")).isTrue();
  }

  @Example
  void theStrategyNameAndTheBarrierRoundTripAndAreLeftOutWhenUnset() {
    AssignmentRecord plain = sample();
    AssignmentRecord named = new AssignmentRecord(plain.version(), plain.leaderEpoch(), plain.leader(), plain.workers(),
        plain.sessions(), plain.slots(), 9, "stickyBalanced");
    assertThat(AssignmentCodec.decode(AssignmentCodec.encode(named))).isEqualTo(named);
    assertThat(new String(AssignmentCodec.encode(plain), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("strategy").doesNotContain("barrier");
  }

  @Example
  void roundTripKeepsOwnedReleasingUnownedAndWeightedSlots() {
    AssignmentRecord record = sample();

    byte[] bytes = AssignmentCodec.encode(record);

    assertThat(bytes[0]).as("small records are plain JSON").isEqualTo((byte) '{');
    assertThat(AssignmentCodec.decode(bytes)).isEqualTo(record);
  }

  @Example
  void slotsInAnyOrderAreReadIntoTheRecordsOrder() {
    byte[] descending = json("\"workers\":[0,1],\"slots\":[[\"orders.2\",1,5],[\"orders.10\",0,4],[\"orders.1\",-1,3,1,6]]");

    AssignmentRecord record = AssignmentCodec.decode(descending);

    assertThat(record.slots().keySet()).containsExactly("orders.1", "orders.10", "orders.2");
    assertThat(record.slots().get("orders.10")).isEqualTo(Slot.owned("worker-0", 4, 1));
    assertThat(record.slots().get("orders.1")).isEqualTo(Slot.releasing("worker-1", 3, 6, 1));
  }

  @Example
  void aDecodedRecordsSlotsAreAWholeSortedMap() {
    AssignmentRecord record = AssignmentCodec.decode(AssignmentCodec.encode(record(100, 5, 9)));

    assertThat(record.slots().subMap("orders.1", "orders.2")).hasSize(11).containsKey("orders.10");
    assertThat(record.slots().headMap("orders.1")).containsOnlyKeys("orders.0");
    assertThat(record.slots().get("orders.99")).isNotNull();
  }

  @Example
  void fieldsAndSlotValuesOfALaterWriterAreIgnored() {
    byte[] later = json("\"workers\":[0],\"future\":{\"a\":[1,{\"b\":2}]},"
        + "\"slots\":[[\"orders.0\",0,4,-1,0,3,\"more\",[1,2]],[\"orders.1\",-1,2]]");

    AssignmentRecord record = AssignmentCodec.decode(later);

    assertThat(record.workers()).containsExactly("worker-0");
    assertThat(record.slots()).containsExactly(Map.entry("orders.0", Slot.owned("worker-0", 4, 3)),
        Map.entry("orders.1", Slot.unowned(2, 1)));
  }

  @Example
  void aRejectedRecordIsNamedInTheMessage() {
    assertThatThrownBy(() -> AssignmentCodec.decode(json("\"workers\":[0],\"slots\":[[\"orders.7\",0,\"4\"]]")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("assignment slot orders.7: epoch must be an integer, was a string");
    assertThatThrownBy(() -> AssignmentCodec.decode(json("\"workers\":[0]")))
        .hasMessage("assignment has no field slots");
  }

  @Example
  void anEmptyRecordRoundTrips() {
    AssignmentRecord record = new AssignmentRecord(1, 1, "worker-0", List.of(), new TreeMap<>());

    assertThat(AssignmentCodec.decode(AssignmentCodec.encode(record))).isEqualTo(record);
  }

  @Property(tries = 200)
  void randomRecordsRoundTrip(@ForAll @IntRange(max = 3000) int partitions, @ForAll @IntRange(min = 1, max = 40) int workers,
                              @ForAll long seed) {
    AssignmentRecord record = record(partitions, workers, seed);

    byte[] bytes = AssignmentCodec.encode(record);

    assertThat(AssignmentCodec.decode(bytes)).isEqualTo(record);
    assertThat(isGzip(bytes) || bytes.length <= AssignmentCodec.COMPRESS_ABOVE).as("compressed above the threshold").isTrue();
  }

  @Example
  void aLargeRecordIsCompressedAndRoundTrips() {
    AssignmentRecord record = record(5000, 20, 1);

    byte[] bytes = AssignmentCodec.encode(record);

    assertThat(isGzip(bytes)).isTrue();
    assertThat(AssignmentCodec.decode(bytes)).isEqualTo(record);
  }

  @Example
  void tenThousandPartitionsOverAHundredWorkersFitInOneMebibyte() {
    assertFits(10_000);
  }

  @Example
  void aHundredThousandPartitionsOverAHundredWorkersFitInOneMebibyte() {
    assertFits(100_000);
  }

  private static void assertFits(int partitions) {
    AssignmentRecord record = record(partitions, 100, 42);

    byte[] bytes = AssignmentCodec.encode(record);

    System.out.printf("assignment of %,d partitions over 100 workers: %,d bytes encoded%n", partitions, bytes.length);
    assertThat(bytes.length).isLessThan(ONE_MIB);
    assertThat(AssignmentCodec.decode(bytes)).isEqualTo(record);
  }

  /**
   * A realistic record: partitions "orders.n" spread over workers with varied epochs, 2% being released, 10%
   * weighted, so that compression gets no easier input than production would give it.
   */
  static AssignmentRecord record(int partitions, int workers, long seed) {
    Random random = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      names.add("worker-" + w);
    }
    TreeMap<String, Slot> slots = new TreeMap<>();
    for (int p = 0; p < partitions; p++) {
      String worker = names.get(random.nextInt(workers));
      long epoch = 1 + random.nextInt(100_000);
      int weight = random.nextInt(10) == 0 ? 2 + random.nextInt(20) : 1;
      Slot slot = random.nextInt(50) == 0 ? Slot.releasing(worker, epoch, epoch + random.nextInt(50), weight)
          : Slot.owned(worker, epoch, weight);
      slots.put("orders." + p, slot);
    }
    return new AssignmentRecord(1 + random.nextInt(1_000_000), 1 + random.nextInt(1000), names.get(0), names, slots);
  }

  // ---- garbage ----

  private static final String VALID_HEAD = "\"version\":7,\"epoch\":3,\"leader\":\"worker-0\",\"names\":[\"worker-0\",\"worker-1\"]";

  static Map<String, byte[]> garbage() {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("empty", new byte[0]);
    cases.put("not JSON", utf8("hello"));
    cases.put("broken JSON", utf8("{\"version\":"));
    cases.put("JSON array", utf8("[1,2,3]"));
    cases.put("JSON string", utf8("\"assignment\""));
    cases.put("JSON null", utf8("null"));
    cases.put("empty object", utf8("{}"));
    cases.put("missing version", utf8("{\"epoch\":3,\"leader\":\"w\",\"names\":[],\"workers\":[],\"slots\":[]}"));
    cases.put("missing epoch", utf8("{\"version\":7,\"leader\":\"w\",\"names\":[],\"workers\":[],\"slots\":[]}"));
    cases.put("missing leader", utf8("{\"version\":7,\"epoch\":3,\"names\":[],\"workers\":[],\"slots\":[]}"));
    cases.put("missing names", utf8("{\"version\":7,\"epoch\":3,\"leader\":\"w\",\"workers\":[],\"slots\":[]}"));
    cases.put("missing workers", json("\"slots\":[]"));
    cases.put("missing slots", json("\"workers\":[0]"));
    cases.put("version is a string", utf8("{\"version\":\"7\",\"epoch\":3,\"leader\":\"w\",\"names\":[],\"workers\":[],\"slots\":[]}"));
    cases.put("leader is a number", utf8("{\"version\":7,\"epoch\":3,\"leader\":1,\"names\":[],\"workers\":[],\"slots\":[]}"));
    cases.put("names is an object", utf8("{\"version\":7,\"epoch\":3,\"leader\":\"w\",\"names\":{},\"workers\":[],\"slots\":[]}"));
    cases.put("a name is a number", utf8("{\"version\":7,\"epoch\":3,\"leader\":\"w\",\"names\":[5],\"workers\":[],\"slots\":[]}"));
    cases.put("a name is null", utf8("{\"version\":7,\"epoch\":3,\"leader\":\"w\",\"names\":[null],\"workers\":[0],\"slots\":[]}"));
    cases.put("workers is a string", json("\"workers\":\"0\",\"slots\":[]"));
    cases.put("a worker index is a string", json("\"workers\":[\"0\"],\"slots\":[]"));
    cases.put("a worker index is out of range", json("\"workers\":[2],\"slots\":[]"));
    cases.put("a worker index is negative", json("\"workers\":[-1],\"slots\":[]"));
    cases.put("slots is an object", json("\"workers\":[0],\"slots\":{}"));
    cases.put("a slot is a number", json("\"workers\":[0],\"slots\":[5]"));
    cases.put("a slot is an object", json("\"workers\":[0],\"slots\":[{\"id\":\"orders.0\"}]"));
    cases.put("a slot is empty", json("\"workers\":[0],\"slots\":[[]]"));
    cases.put("a slot lacks its epoch", json("\"workers\":[0],\"slots\":[[\"orders.0\",0]]"));
    cases.put("a slot id is null", json("\"workers\":[0],\"slots\":[[null,0,1]]"));
    cases.put("a slot id is a number", json("\"workers\":[0],\"slots\":[[5,0,1]]"));
    cases.put("a slot id is empty", json("\"workers\":[0],\"slots\":[[\"\",0,1]]"));
    cases.put("a slot id is not a partition id", json("\"workers\":[0],\"slots\":[[\"orders..0\",0,1]]"));
    cases.put("a slot id appears twice", json("\"workers\":[0],\"slots\":[[\"orders.0\",0,1],[\"orders.0\",1,2]]"));
    cases.put("an owner index is a string", json("\"workers\":[0],\"slots\":[[\"orders.0\",\"0\",1]]"));
    cases.put("an owner index is out of range", json("\"workers\":[0],\"slots\":[[\"orders.0\",2,1]]"));
    cases.put("an epoch is a string", json("\"workers\":[0],\"slots\":[[\"orders.0\",0,\"1\"]]"));
    cases.put("a releasing index is out of range", json("\"workers\":[0],\"slots\":[[\"orders.0\",-1,1,9,4]]"));
    cases.put("a revokedAt is a string", json("\"workers\":[0],\"slots\":[[\"orders.0\",-1,1,1,\"4\"]]"));
    cases.put("a weight is zero", json("\"workers\":[0],\"slots\":[[\"orders.0\",0,1,-1,0,0]]"));
    cases.put("a weight is a string", json("\"workers\":[0],\"slots\":[[\"orders.0\",0,1,-1,0,\"2\"]]"));
    cases.put("a slot is both owned and releasing", json("\"workers\":[0,1],\"slots\":[[\"orders.0\",0,1,1,4]]"));
    cases.put("a field twice", utf8("{\"version\":1," + VALID_HEAD + ",\"workers\":[0],\"slots\":[]}"));
    cases.put("a name twice", utf8("{\"version\":7,\"epoch\":3,\"leader\":\"w\",\"names\":[\"a\",\"a\"],\"workers\":[0,1],\"slots\":[]}"));
    cases.put("an owner index below -1", json("\"workers\":[0],\"slots\":[[\"orders.0\",-2,1]]"));
    cases.put("a negative barrier", json("\"workers\":[0],\"barrier\":-1,\"slots\":[]"));
    cases.put("data after the record", utf8("{" + VALID_HEAD + ",\"workers\":[0],\"slots\":[]} {}"));
    cases.put("a slot lacks its revokedAt", json("\"workers\":[0],\"slots\":[[\"orders.0\",-1,1,0]]"));
    cases.put("a weight is beyond an int", json("\"workers\":[0],\"slots\":[[\"orders.0\",0,1,-1,0,4294967297]]"));
    cases.put("a session is a number", json("\"workers\":[0],\"sessions\":{\"worker-0\":5},\"slots\":[]"));
    cases.put("deeply nested", utf8("{\"version\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
    cases.put("gzip magic then junk", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7});
    cases.put("truncated gzip", Arrays.copyOf(gzip(AssignmentCodec.encode(sample())), 30));
    byte[] corrupt = gzip(AssignmentCodec.encode(sample()));
    corrupt[corrupt.length / 2] ^= 0x55;
    cases.put("gzip with a corrupted body", corrupt);
    cases.put("gzip of non-JSON", gzip(utf8("hello, world")));
    cases.put("gzip of nothing", gzip(new byte[0]));
    return cases;
  }

  @Example
  void everyKindOfGarbageIsAnIllegalArgumentException() {
    List<String> wrong = new ArrayList<>();
    garbage().forEach((name, bytes) -> {
      Throwable thrown = catchThrowable(() -> AssignmentCodec.decode(bytes));
      if (!(thrown instanceof IllegalArgumentException) || thrown.getClass() != IllegalArgumentException.class
          || thrown.getMessage().isBlank()) {
        wrong.add(name + " -> " + (thrown == null ? "accepted" : thrown.toString()));
      }
    });
    assertThat(wrong).as("garbage not rejected with IllegalArgumentException").isEmpty();
  }

  @Example
  void aGzipBombIsRefused() {
    byte[] huge = new byte[64 * 1024 * 1024 + 16];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    byte[] bomb = gzip(huge);

    assertThatThrownBy(() -> AssignmentCodec.decode(bomb)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larger than");
  }

  @Property(tries = 500)
  void randomBytesAreRejectedOnlyWithIllegalArgumentException(@ForAll @Size(max = 200) byte[] bytes) {
    decodeOrRejectCleanly(bytes);
  }

  /** A small plain record and a compressed one. */
  @Provide
  Arbitrary<byte[]> validEncodings() {
    return Arbitraries.of(AssignmentCodec.encode(sample()), AssignmentCodec.encode(record(2500, 10, 3)));
  }

  /** Flipped, cut and spliced versions of valid records, plain and compressed: never another exception type. */
  @Property(tries = 300)
  void mutatedRecordsAreDecodedOrRejectedCleanly(@ForAll("validEncodings") byte[] valid, @ForAll long seed) {
    Random random = new Random(seed);
    byte[] bytes = valid.clone();
    if (isGzip(bytes) && random.nextBoolean()) {
      bytes = gzip(mutate(gunzipForTest(bytes), random));
    } else {
      bytes = mutate(bytes, random);
    }
    decodeOrRejectCleanly(bytes);
  }

  private static final String MUTATIONS = "{}[]\",:-0123456789ax \u0000";

  private static byte[] mutate(byte[] bytes, Random random) {
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          int at = random.nextInt(bytes.length);
          bytes[at] = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        }
        return bytes;
      }
      case 1 -> {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      default -> {
        int from = random.nextInt(bytes.length);
        int to = from + random.nextInt(bytes.length - from);
        byte[] out = new byte[bytes.length - (to - from)];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(bytes, to, out, from, bytes.length - to);
        return out;
      }
    }
  }

  private static void decodeOrRejectCleanly(byte[] bytes) {
    Throwable thrown = catchThrowable(() -> AssignmentCodec.decode(bytes));
    if (thrown != null) {
      assertThat(thrown).as(new String(bytes, StandardCharsets.ISO_8859_1)).isExactlyInstanceOf(IllegalArgumentException.class);
    }
  }

  private static byte[] json(String rest) {
    return utf8("{" + VALID_HEAD + "," + rest + "}");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzipForTest(byte[] bytes) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
