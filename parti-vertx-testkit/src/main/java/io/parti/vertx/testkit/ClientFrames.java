package io.parti.vertx.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a NATS client sends into whole protocol frames, so a proxy can tell publishes to a subject apart:
 * {@code PUB subject [reply] size} and {@code HPUB subject [reply] headerSize totalSize} frames carry their payload,
 * every other operation ends at its line's end.
 */
final class ClientFrames {

  /** One frame: its bytes, and the subject when it is a publish. */
  record Frame(byte[] bytes, String subject) {
  }

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** Adds bytes read from the client; returns the frames they complete, in order. */
  List<Frame> add(byte[] bytes, int length) {
    pending.write(bytes, 0, length);
    List<Frame> frames = new ArrayList<>();
    byte[] buffer = pending.toByteArray();
    int start = 0;
    while (true) {
      int lineEnd = indexOfCrlf(buffer, start);
      if (lineEnd < 0) {
        break;
      }
      String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1);
      String[] parts = line.trim().split("\\s+");
      String op = parts.length == 0 ? "" : parts[0].toUpperCase();
      int end = lineEnd + 2;
      String subject = null;
      if ((op.equals("PUB") || op.equals("HPUB")) && parts.length >= 3) {
        end += Integer.parseInt(parts[parts.length - 1]) + 2; // the payload (headers included) and its CRLF
        subject = parts[1];
      }
      if (end > buffer.length) {
        break; // the payload is not all here yet
      }
      byte[] frame = new byte[end - start];
      System.arraycopy(buffer, start, frame, 0, frame.length);
      frames.add(new Frame(frame, subject));
      start = end;
    }
    pending.reset();
    pending.write(buffer, start, buffer.length - start);
    return frames;
  }

  private static int indexOfCrlf(byte[] buffer, int from) {
    for (int i = from; i + 1 < buffer.length; i++) {
      if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
