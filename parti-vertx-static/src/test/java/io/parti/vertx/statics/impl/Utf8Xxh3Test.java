package io.parti.vertx.statics.impl;

import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-place path for ASCII keys (a compact string's own bytes, scanned for a byte over 0x7F) and the
 * encoding path must agree with the hash of {@code getBytes(UTF_8)} for every key. The reference vectors
 * (Xxh3ReferenceVectorsTest) fix the byte hash itself.
 */
class Utf8Xxh3Test {

  private static final long SEED = 7;
  private static final LongHashFunction BYTES = LongHashFunction.xx3(SEED);

  @Test
  void compactAsciiStringsAreReadInPlace() {
    // Without this the fast path could be dead and every other test here would still pass.
    assertThat(Latin1Strings.bytesOf("order-42")).isNotNull().asString(StandardCharsets.US_ASCII).isEqualTo("order-42");
    assertThat(Latin1Strings.bytesOf("caf\u00e9")).as("Latin-1, one byte per char").hasSize(4);
    assertThat(Latin1Strings.bytesOf("\u0141\u00f3d\u017a")).as("stored as UTF-16").isNull();
  }

  @Test
  void scansEveryLengthAndEveryPositionForAByteOver0x7F() {
    for (int length = 0; length <= 80; length++) {
      byte[] ascii = new byte[length];
      Arrays.fill(ascii, (byte) 0x7F);
      assertThat(Utf8Xxh3.isAscii(ascii)).as("length %d, all ASCII", length).isTrue();
      for (int at = 0; at < length; at++) {
        byte[] bytes = ascii.clone();
        bytes[at] = (byte) 0x80;
        assertThat(Utf8Xxh3.isAscii(bytes)).as("length %d, 0x80 at %d", length, at).isFalse();
      }
    }
  }

  /** A Latin-1 char over 0x7F is two UTF-8 bytes: hashing the string's stored bytes for it would route elsewhere. */
  @Test
  void latin1KeysWithOneNonAsciiCharAnywhereHashAsTheirUtf8() {
    Utf8Xxh3 hash = new Utf8Xxh3(SEED);
    for (int length = 1; length <= 70; length++) {
      for (int at = 0; at < length; at++) {
        for (char c : new char[] {'\u0080', '\u00e9', '\u00ff'}) {
          String key = "k".repeat(at) + c + "k".repeat(length - at - 1);
          assertThat(hash.hash(key)).as("length %d, U+%04X at %d", length, (int) c, at).isEqualTo(utf8Hash(key));
        }
      }
    }
  }

  /** A UTF-16 string's bytes are no encoding of it, even when every char's low byte is ASCII (U+0141 is 0x41 0x01). */
  @Test
  void utf16StoredKeysHashAsTheirUtf8() {
    Utf8Xxh3 hash = new Utf8Xxh3(SEED);
    for (String key : new String[] {"\u0141", "\u0141\u0141\u0141\u0141", "A\u0141BCDEFGH", "\u4e2d".repeat(40), "\u0141".repeat(257)}) {
      assertThat(hash.hash(key)).as(key).isEqualTo(utf8Hash(key));
    }
  }

  /** With compact strings off nothing is stored as Latin-1: every key takes the encoding path, which must agree. */
  @Test
  void keysHashAlikeWhereStringsCannotBeReadInPlace() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
    Process process = new ProcessBuilder(java, "-XX:-CompactStrings", "-cp", classPath, EncodingPathProbe.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("in place: false, checked: " + EncodingPathProbe.KEYS + ", differing: 0");
  }

  static long utf8Hash(String key) {
    return BYTES.hashBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
