package io.parti.bench.gate;

import java.nio.charset.StandardCharsets;

/**
 * The payloads, ASCII decimal: {@code <id>} in the throughput rounds, {@code <id>,<publish System.nanoTime()>} while
 * the fleet moves. Parsed from the bytes, without a String, to keep the handlers' own cost small next to what is measured.
 */
final class Payloads {

  private Payloads() {
  }

  static byte[] numbered(int id) {
    return Integer.toString(id).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] stamped(int id, long publishedAt) {
    return (id + "," + publishedAt).getBytes(StandardCharsets.US_ASCII);
  }

  static int id(byte[] payload) {
    return (int) parseLong(payload, 0);
  }

  /** The publish time of a {@link #stamped} payload. */
  static long publishedAt(byte[] payload) {
    return parseLong(payload, indexOf(payload, (byte) ',') + 1);
  }

  /** The decimal number at {@code from}, up to a non-digit or the end. */
  private static long parseLong(byte[] data, int from) {
    long value = 0;
    for (int i = from; i < data.length; i++) {
      int digit = data[i] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
