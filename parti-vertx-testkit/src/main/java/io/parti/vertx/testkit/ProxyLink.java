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

  private void startPump(String name, Socket from, Socket to) {
    Thread thread = new Thread(() -> pump(from, to), name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Copies bytes while the proxy passes traffic and drops them otherwise; either side's end closes the link. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (out != null && proxy.mode() == FaultProxy.Mode.PASS) {
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
