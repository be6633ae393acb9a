package io.parti.vertx.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * One client connection through a {@link FaultProxy}: the client socket, the upstream socket (absent when the
 * connection arrived during a blackhole), and one pump thread per direction.
 */
final class ProxyLink {

  private static final int BUFFER_SIZE = 16 * 1024;

  private final FaultProxy proxy;
  private final Socket client;
  private final Socket upstream;
  private final Consumer<ProxyLink> onClose;
  /** Bytes the client sent while the proxy delayed them, in order; guarded by this link. */
  private final java.util.List<byte[]> held = new java.util.ArrayList<>();
  private boolean closed;

  ProxyLink(FaultProxy proxy, Socket client, Socket upstream, Consumer<ProxyLink> onClose) {
    this.proxy = proxy;
    this.client = client;
    this.upstream = upstream;
    this.onClose = onClose;
  }

  /** Starts the pumps; a link without upstream only reads and drops what the client sends. */
  void start(String threadPrefix) {
    startPump(threadPrefix + "-up", client, upstream);
    if (upstream != null) {
      startPump(threadPrefix + "-down", upstream, client);
    }
  }

  boolean hasUpstream() {
    return upstream != null;
  }

  /** Closes both sockets (the pumps then end). Idempotent. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeQuietly(client);
    if (upstream != null) {
      closeQuietly(upstream);
    }
    onClose.accept(this);
  }

  /** Whether what the client sent while delayed contains {@code ascii} (a subject, say). */
  synchronized boolean holds(String ascii) {
    StringBuilder text = new StringBuilder();
    held.forEach(bytes -> text.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)));
    return text.indexOf(ascii) >= 0;
  }

  /** Sends the client's frames on, holding those the proxy delays; once nothing is delayed, the held ones go first. */
  private synchronized void forward(java.util.List<ClientFrames.Frame> frames, OutputStream out) throws IOException {
    for (ClientFrames.Frame frame : frames) {
      if (proxy.delays(frame.subject())) {
        held.add(frame.bytes());
      } else {
        if (proxy.mode() == FaultProxy.Mode.PASS) {
          flushHeld();
        }
        out.write(frame.bytes());
      }
    }
    out.flush();
  }

  /** Delivers what the client sent while the proxy delayed it. */
  synchronized void flushHeld() {
    try {
      OutputStream out = upstream.getOutputStream();
      for (byte[] bytes : held) {
        out.write(bytes);
      }
      out.flush();
    } catch (IOException closedOrReset) {
      // the link is going away
    }
    held.clear();
  }

  private void startPump(String name, Socket from, Socket to) {
    Thread thread = new Thread(() -> pump(from, to, from == client), name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Copies bytes while the proxy passes traffic, holds what the client sends while it delays it, and drops bytes
   * otherwise; either side's end closes the link.
   */
  private void pump(Socket from, Socket to, boolean outgoing) {
    byte[] buffer = new byte[BUFFER_SIZE];
    ClientFrames frames = new ClientFrames();
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        FaultProxy.Mode mode = proxy.mode();
        if (out == null || mode == FaultProxy.Mode.BLACKHOLE) {
          continue;
        }
        if (outgoing) {
          forward(frames.add(buffer, read), out);
        } else {
          out.write(buffer, 0, read);
          out.flush();
        }
      }
    } catch (IOException closedOrReset) {
      // the link is going away either way
    } finally {
      close();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
