package io.parti.vertx.it.chaos;

import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsCluster;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One worker's way to the cluster: a fault proxy in front of every node, and nothing else in its server list (its
 * connection ignores the servers the cluster advertises). A node kill sends it to another node's proxy; a cut or a
 * delay applies to all three, so that no reconnection can get around it.
 */
final class WorkerLink implements AutoCloseable {

  private final List<FaultProxy> proxies;

  WorkerLink(NatsCluster cluster) {
    this.proxies = cluster.nodes().stream().map(FaultProxy::start).toList();
  }

  /** The server list of the worker's connection. */
  String urls() {
    return proxies.stream().map(FaultProxy::url).collect(Collectors.joining(","));
  }

  /** Drops every byte both ways, keeping the connections open: a silent network partition. */
  void cut() {
    proxies.forEach(FaultProxy::blackhole);
  }

  /** Holds every byte the worker sends (its writes, acks and pings), while what the servers send still arrives. */
  void delay() {
    proxies.forEach(FaultProxy::delayOutgoing);
  }

  /** Forwards again, delivering what a delay held. */
  void heal() {
    proxies.forEach(FaultProxy::pass);
  }

  @Override
  public void close() {
    proxies.forEach(FaultProxy::close);
  }
}
