package io.parti.vertx.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free 127.0.0.1 port in front of one server, for network faults a process signal cannot give.
 * Runs on its own daemon threads (never a Vert.x event loop). Mode switches are thread-safe and take effect at
 * once for every connection:
 *
 * <ul>
 *   <li>{@link #pass()}: forward bytes both ways (the start mode);</li>
 *   <li>{@link #blackhole()}: keep connections open but drop every byte both ways; new connections are accepted
 *       and get nothing. A NATS client notices only through its pings, like a silent network partition;</li>
 *   <li>{@link #delayOutgoing()}: hold every byte the clients send (in order, nothing is lost) while what the
 *       server sends still arrives; {@link #pass()} delivers what was held. A client's writes are then in flight
 *       for as long as the test wants, as on a stalled link;</li>
 *   <li>{@link #delayPublishesTo(String...)}: hold only the clients' publishes to the given subjects (NATS
 *       wildcards {@code *} and {@code >} allowed), in order, and pass everything else (pings, other publishes): one request is in flight while the client otherwise
 *       works normally;</li>
 *   <li>{@link #closeAll()}: close every current connection (new ones follow the mode);</li>
 *   <li>{@link #refuse()}: close every connection and reset new ones, like a server that is down.</li>
 * </ul>
 *
 * <p>A connection that saw dropped bytes is usually broken for its protocol after {@link #pass()}; clients are
 * expected to have reconnected by then. Connections that arrived during a blackhole never had an upstream and are
 * closed by {@link #pass()}. A close by either peer is passed on, even in a blackhole. Against a cluster, build the
 * jnats client with {@code ignoreDiscoveredServers()} so it cannot reconnect around the proxy.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the proxy does with traffic. */
  public enum Mode {
    /** Forward bytes. */
    PASS,
    /** Drop bytes, keep connections. */
    BLACKHOLE,
    /** Hold what clients send, deliver what the server sends. */
    DELAY,
    /** Hold the clients' publishes to some subjects, pass everything else. */
    DELAY_SUBJECTS,
    /** Reset new connections. */
    REFUSE
  }

  private static final System.Logger LOG = System.getLogger(FaultProxy.class.getName());
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionCounter = new AtomicInteger();
  private final Thread acceptor;
  private volatile Mode mode = Mode.PASS;
  private volatile Set<String> delayedSubjects = Set.of();
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort, ServerSocket listener) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = listener;
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port() + "-accept");
    this.acceptor.setDaemon(true);
  }

  /** Starts a proxy in {@link Mode#PASS} on a free loopback port, forwarding to {@code host:port}. */
  public static FaultProxy start(String host, int port) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultProxy proxy = new FaultProxy(host, port, listener);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port for the fault proxy", e);
    }
  }

  /** Starts a proxy in front of {@code server}'s client port. */
  public static FaultProxy start(NatsServer server) {
    return start(NodeConfig.HOST, server.port());
  }

  /** {@code nats://127.0.0.1:PORT} of the proxy. */
  public String url() {
    return "nats://" + NodeConfig.HOST + ':' + port();
  }

  /** The proxy's own port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The current mode. */
  public Mode mode() {
    return mode;
  }

  /** Client connections currently open through the proxy. */
  public int connectionCount() {
    return links.size();
  }

  /**
   * Forwards bytes again, delivering first what {@link #delayOutgoing()} held; closes connections accepted during a
   * blackhole, which have no upstream.
   */
  public synchronized void pass() {
    mode = Mode.PASS;
    for (ProxyLink link : List.copyOf(links)) {
      if (!link.hasUpstream()) {
        link.close();
      } else {
        link.flushHeld();
      }
    }
  }

  /**
   * Whether the bytes held by {@link #delayOutgoing()} contain {@code ascii}: a test waits for a given NATS subject
   * to be on the wire, held, before it goes on.
   */
  public boolean holds(String ascii) {
    return links.stream().anyMatch(link -> link.holds(ascii));
  }

  /** Holds every byte clients send until {@link #pass()}, in order; what the server sends still arrives. */
  public synchronized void delayOutgoing() {
    mode = Mode.DELAY;
  }

  /**
   * Holds the clients' publishes to {@code subjects} until {@link #pass()}, in order; everything else passes. A subject
   * may use NATS wildcards: {@code $JS.API.CONSUMER.CREATE.>} holds every consumer creation.
   */
  public synchronized void delayPublishesTo(String... subjects) {
    delayedSubjects = Set.of(subjects);
    mode = Mode.DELAY_SUBJECTS;
  }

  /** Whether a client's publish to {@code subject} is held now. */
  boolean delays(String subject) {
    Mode now = mode;
    return now == Mode.DELAY || (now == Mode.DELAY_SUBJECTS && subject != null
        && delayedSubjects.stream().anyMatch(pattern -> matches(pattern, subject)));
  }

  /** Whether {@code subject} matches {@code pattern}: {@code *} stands for one token, a final {@code >} for the rest. */
  static boolean matches(String pattern, String subject) {
    String[] want = pattern.split("\\.", -1);
    String[] got = subject.split("\\.", -1);
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals(">") && i == want.length - 1) {
        return got.length > i;
      }
      if (i >= got.length || !want[i].equals("*") && !want[i].equals(got[i])) {
        return false;
      }
    }
    return want.length == got.length;
  }

  /** Drops every byte both ways and starves new connections, keeping all connections open. */
  public synchronized void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  /** Closes every current connection; new ones follow the mode. */
  public synchronized void closeAll() {
    for (ProxyLink link : List.copyOf(links)) {
      link.close();
    }
  }

  /** Closes every connection and resets new ones until {@link #pass()} or {@link #blackhole()}. */
  public synchronized void refuse() {
    mode = Mode.REFUSE;
    closeAll();
  }

  /** Stops listening and closes every connection. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // the acceptor ends either way
    }
    closeAll();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[" + url() + " -> " + targetHost + ':' + targetPort + ' ' + mode + ']';
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        accept(listener.accept());
      } catch (SocketException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "fault proxy " + port() + " stopped accepting", e);
        }
        return;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "fault proxy " + port() + " failed to accept", e);
      }
    }
  }

  private synchronized void accept(Socket client) throws IOException {
    if (closed || mode == Mode.REFUSE) {
      client.setSoLinger(true, 0);
      client.close();
      return;
    }
    client.setTcpNoDelay(true);
    Socket upstream = null;
    if (mode != Mode.BLACKHOLE) { // a delay holds what the new connection sends, as for the others
      upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
        upstream.setTcpNoDelay(true);
      } catch (IOException unreachable) {
        upstream.close();
        client.setSoLinger(true, 0);
        client.close();
        return;
      }
    }
    ProxyLink link = new ProxyLink(this, client, upstream, links::remove);
    links.add(link);
    link.start("fault-proxy-" + port() + "-c" + connectionCounter.incrementAndGet());
  }
}
