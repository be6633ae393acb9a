package io.parti.vertx.statics.impl;

import io.parti.vertx.statics.KeyEscaping;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Turns keys into single subject tokens and back, per {@link KeyEscaping}. */
final class SubjectKeys {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  static final String EMPTY_KEY_TOKEN = "%";

  private SubjectKeys() {
  }

  /** The subject token of {@code key}; for {@link KeyEscaping#REJECT} the key itself, after checking it. */
  static String token(String key, KeyEscaping escaping) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    if (escaping == KeyEscaping.REJECT) {
      String problem = problem(key);
      if (problem != null) {
        throw new IllegalArgumentException("invalid key " + quote(key) + ": " + problem
            + "; it cannot be one subject token (use KeyEscaping.PERCENT to publish such keys)");
      }
      return key;
    }
    return escape(key);
  }

  /** Why {@code key} cannot be a subject token as it is, or null when it can. */
  static String problem(String key) {
    if (key.isEmpty()) {
      return "it is empty";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        return "it contains '.' at index " + i + ", which would split it into several tokens";
      }
      if (c == '*' || c == '>') {
        return "it contains the wildcard '" + c + "' at index " + i;
      }
      if (isSpaceOrControl(c)) {
        return "it contains whitespace or a control character (U+" + String.format("%04X", (int) c) + ") at index " + i;
      }
      if (c >= 0x80) {
        return "it contains the non-ASCII character U+" + String.format("%04X", (int) c) + " at index " + i
            + ", which NATS clients read back as another key (they decode subjects as ASCII unless UTF-8 subjects are on)";
      }
    }
    return null;
  }

  /**
   * The value of the key header that carries {@code key}: with {@link KeyEscaping#PERCENT} its token (every key can be
   * sent); with {@link KeyEscaping#REJECT} the key itself, which must then be a header value (ASCII, no CR or LF).
   */
  static String headerValue(String key, KeyEscaping escaping) {
    if (escaping == KeyEscaping.PERCENT) {
      return escape(key);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c > 0x7F || c == '\r' || c == '\n') {
        throw new IllegalArgumentException("invalid key " + quote(key) + ": it contains U+" + String.format("%04X", (int) c)
            + " at index " + i + ", which a header value cannot hold (use KeyEscaping.PERCENT to publish such keys)");
      }
    }
    return key;
  }

  static boolean isSpaceOrControl(char c) {
    return c <= ' ' || c == 0x7F || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c));
  }

  private static boolean isSafeAscii(int b) {
    return b > ' ' && b < 0x7F && b != '.' && b != '*' && b != '>' && b != '%';
  }

  static String escape(String key) {
    if (key.isEmpty()) {
      return EMPTY_KEY_TOKEN;
    }
    int i = 0;
    while (i < key.length() && isSafeAscii(key.charAt(i))) {
      i++;
    }
    if (i == key.length()) {
      return key;
    }
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 16);
    for (byte b : utf8) {
      int u = b & 0xFF;
      if (isSafeAscii(u)) {
        out.append((char) u);
      } else {
        out.append('%').append(HEX[u >> 4]).append(HEX[u & 0xF]);
      }
    }
    return out.toString();
  }

  /** The key of a token made by {@link #token}, or null when the token is not one {@code escaping} can produce. */
  static String key(String token, KeyEscaping escaping) {
    if (escaping == KeyEscaping.REJECT) {
      return problem(token) == null ? token : null;
    }
    if (token.equals(EMPTY_KEY_TOKEN)) {
      return "";
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (isSafeAscii(c)) {
        bytes.write(c);
        continue;
      }
      if (c != '%' || i + 2 >= token.length()) {
        return null;
      }
      int hi = hexDigit(token.charAt(i + 1));
      int lo = hexDigit(token.charAt(i + 2));
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  /** The key in double quotes with invisible characters shown as Java escapes, for error messages. */
  static String quote(String key) {
    StringBuilder out = new StringBuilder(key.length() + 2).append('"');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (isSpaceOrControl(c) && c != ' ') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
