package io.parti.vertx.testkit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A JetStream cluster of real {@code nats-server} processes on 127.0.0.1: each node has its own store directory,
 * server name and client, monitor and route ports, and routes to every node. {@link #start(int)} returns once a
 * JetStream meta leader is elected, so replicated streams and KV buckets (replicas up to the node count) can be
 * created at once. Nodes are {@link NatsServer}s: kill, pause, resume and restart them one by one.
 *
 * <pre>{@code
 * try (NatsCluster cluster = NatsCluster.start(3)) {
 *   Connection nc = Nats.connect(Options.builder().servers(cluster.urls().split(",")).build());
 *   cluster.node(0).kill();
 * }
 * }</pre>
 */
public final class NatsCluster implements AutoCloseable {

  /** How long the cluster may take to elect a JetStream meta leader. */
  public static final Duration META_LEADER_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final List<NatsServer> nodes;

  private NatsCluster(String name, List<NatsServer> nodes) {
    this.name = name;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts {@code nodes} servers (3 is the usual JetStream cluster) and waits for a meta leader.
   *
   * @throws IllegalArgumentException when {@code nodes} is less than 1
   * @throws IllegalStateException when nats-server is missing or the cluster does not form in time
   */
  public static NatsCluster start(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
    NatsServerBinary.locate();
    return ServerStarts.withPortRetries(() -> {
      NatsCluster cluster = create(nodes);
      try {
        cluster.nodes.forEach(NatsServer::launch);
        cluster.nodes.forEach(NatsServer::awaitReady);
        cluster.awaitMetaLeader();
        return cluster;
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
    });
  }

  private static NatsCluster create(int count) {
    String clusterName = ServerStarts.uniqueName("cluster");
    int[] ports = FreePorts.allocate(3 * count);
    List<Integer> routePorts = IntStream.range(0, count).mapToObj(i -> ports[2 * count + i])
        .collect(Collectors.toList());
    List<NatsServer> servers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String nodeName = clusterName + "-n" + (i + 1);
      Path dir = ServerStarts.createWorkDir(nodeName);
      NodeConfig config = new NodeConfig(nodeName, ports[i], ports[count + i], dir.resolve("store"), null, clusterName,
          routePorts.get(i), routePorts, "");
      servers.add(new NatsServer(config, dir));
    }
    return new NatsCluster(clusterName, servers);
  }

  /** The cluster name shared by all nodes. */
  public String name() {
    return name;
  }

  /** All nodes, in start order. */
  public List<NatsServer> nodes() {
    return nodes;
  }

  /** Node {@code i} (0-based). */
  public NatsServer node(int i) {
    if (i < 0 || i >= nodes.size()) {
      throw new IndexOutOfBoundsException("node index " + i + " outside 0.." + (nodes.size() - 1));
    }
    return nodes.get(i);
  }

  /** The node whose server name is {@code serverName} (as jnats reports stream and consumer leaders). */
  public NatsServer node(String serverName) {
    return nodes.stream().filter(n -> n.name().equals(serverName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + serverName + "' in cluster " + name));
  }

  /** Every node's client URL, comma-separated: {@code Options.builder().servers(urls().split(","))}. */
  public String urls() {
    return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
  }

  /**
   * Waits until every running, unpaused node reports the same JetStream meta leader and returns its server name;
   * use it after killing or restarting nodes.
   *
   * @throws IllegalStateException when no leader is agreed within {@link #META_LEADER_TIMEOUT}
   */
  public String awaitMetaLeader() {
    long deadline = System.nanoTime() + META_LEADER_TIMEOUT.toNanos();
    while (true) {
      Optional<String> leader = agreedMetaLeader();
      if (leader.isPresent()) {
        return leader.get();
      }
      if (System.nanoTime() > deadline) {
        String tails = nodes.stream().map(n -> "--- " + n.name() + (n.isRunning() ? "" : " (not running)") + ", meta leader "
                + Monitor.get(n.monitorPort(), "/jsz").flatMap(NatsCluster::metaLeader).orElse("none") + ":\n" + distinctTail(n))
            .collect(Collectors.joining("\n"));
        throw new IllegalStateException("cluster " + name + " elected no JetStream meta leader within "
            + META_LEADER_TIMEOUT.toSeconds() + " s; log tails:\n" + tails);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** Kills every node and deletes their stores. Idempotent. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (NatsServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "NatsCluster[" + name + ' ' + nodes + ']';
  }

  private Optional<String> agreedMetaLeader() {
    String agreed = null;
    for (NatsServer node : nodes) {
      if (!node.isRunning() || node.isPaused()) {
        continue;
      }
      Optional<String> leader = Monitor.get(node.monitorPort(), "/jsz").flatMap(NatsCluster::metaLeader);
      if (leader.isEmpty() || (agreed != null && !agreed.equals(leader.get()))) {
        return Optional.empty();
      }
      agreed = leader.get();
    }
    return Optional.ofNullable(agreed);
  }

  private static Optional<String> metaLeader(String jsz) {
    try {
      JsonObject meta = new JsonObject(jsz).getJsonObject("meta_cluster");
      String leader = meta == null ? null : meta.getString("leader");
      return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader);
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /**
   * The node's last 15 distinct log messages (timestamps aside): a server that repeats one warning every second
   * would otherwise fill the tail with it and hide what it said before.
   */
  private static String distinctTail(NatsServer node) {
    LinkedHashMap<String, String> byMessage = new LinkedHashMap<>();
    for (String line : node.logTail(2000).split("\n")) {
      String message = line.replaceFirst("^\\[\\d+\\] \\S+ \\S+ ", "");
      byMessage.remove(message); // keep the latest occurrence, in order
      byMessage.put(message, line);
    }
    List<String> lines = new ArrayList<>(byMessage.values());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
