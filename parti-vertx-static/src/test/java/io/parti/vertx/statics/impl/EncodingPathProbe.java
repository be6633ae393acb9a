package io.parti.vertx.statics.impl;

import java.util.SplittableRandom;

/**
 * Run by {@code Utf8Xxh3Test} in a JVM without compact strings: hashes ASCII keys of every length up to 300
 * and mixed keys through {@link Utf8Xxh3} and prints whether strings were read in place and how many hashes
 * differed from the hash of {@code getBytes(UTF_8)}.
 */
public final class EncodingPathProbe {

  static final int KEYS = 2 * 301;

  private EncodingPathProbe() {
  }

  public static void main(String[] args) {
    Utf8Xxh3 hash = new Utf8Xxh3(7);
    SplittableRandom random = new SplittableRandom(3);
    int differing = 0;
    for (int length = 0; length <= 300; length++) {
      StringBuilder ascii = new StringBuilder();
      StringBuilder mixed = new StringBuilder();
      for (int i = 0; i < length; i++) {
        ascii.append((char) (' ' + random.nextInt(95)));
        mixed.append(random.nextInt(4) == 0 ? (char) (0xA0 + random.nextInt(0x3000)) : (char) ('a' + random.nextInt(26)));
      }
      for (String key : new String[] {ascii.toString(), mixed.toString()}) {
        differing += hash.hash(key) == Utf8Xxh3Test.utf8Hash(key) ? 0 : 1;
      }
    }
    System.out.print("in place: " + (Latin1Strings.bytesOf("abc") != null) + ", checked: " + KEYS + ", differing: " + differing);
  }
}
