package io.parti.vertx.testkit;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A JetStream cluster of {@link NatsContainer}s on a Docker network of its own: the container backend's counterpart of
 * {@link NatsCluster}. The nodes route to each other by their names on the network and do not advertise those
 * addresses to clients, which reach each node on its fixed 127.0.0.1 port ({@link #urls()}). Kill, pause and restart
 * work on each node.
 */
public final class NatsContainerCluster implements AutoCloseable {

  /** How long the cluster may take to elect its JetStream meta leader. */
  public static final Duration META_LEADER_TIMEOUT = Duration.ofSeconds(30);

  private final Network network;
  private final List<NatsContainer> nodes;

  private NatsContainerCluster(Network network, List<NatsContainer> nodes) {
    this.network = network;
    this.nodes = nodes;
  }

  /** Starts {@code size} nodes of {@link NatsContainer#DEFAULT_IMAGE} and waits until JetStream answers. */
  public static NatsContainerCluster start(int size) {
    Network network = Network.newNetwork();
    String cluster = ServerStarts.uniqueName("parti");
    List<String> names = IntStream.range(0, size).mapToObj(i -> cluster + "-n" + i).toList();
    String routes = names.stream().map(n -> "nats://" + n + ":" + NatsContainer.ROUTE_PORT).collect(Collectors.joining(","));
    List<NatsContainer> nodes = names.stream().map(name -> NatsContainer.create(NatsContainer.DEFAULT_IMAGE, name, network,
        List.of("--cluster_name", cluster, "--cluster", "nats://0.0.0.0:" + NatsContainer.ROUTE_PORT, "--routes", routes,
            "--no_advertise"))).toList();
    NatsContainerCluster started = new NatsContainerCluster(network, nodes);
    try {
      Startables.deepStart(nodes.stream().map(NatsContainer::container)).join();
      started.awaitJetStream();
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  public List<NatsContainer> nodes() {
    return nodes;
  }

  public NatsContainer node(int i) {
    return nodes.get(i);
  }

  /** Every node's URL, comma-separated, for a connection that may fail over between them. */
  public String urls() {
    return nodes.stream().map(NatsContainer::url).collect(Collectors.joining(","));
  }

  /** Waits until the cluster's JetStream answers an account request (it has a meta leader). */
  public void awaitJetStream() {
    long deadline = System.nanoTime() + META_LEADER_TIMEOUT.toNanos();
    while (true) {
      try (Connection connection = Nats.connect(new Options.Builder().servers(urls().split(","))
          .connectionTimeout(Duration.ofSeconds(2)).build())) {
        connection.jetStreamManagement().getAccountStatistics();
        return;
      } catch (Exception notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the container cluster's JetStream did not answer within " + META_LEADER_TIMEOUT, notYet);
        }
        if (notYet instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the container cluster", notYet);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(NatsContainer::close);
    network.close();
  }
}
