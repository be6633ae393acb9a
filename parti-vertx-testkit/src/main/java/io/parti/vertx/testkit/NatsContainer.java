package io.parti.vertx.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A nats-server with JetStream in a container of the official {@code nats} image, through Testcontainers: the
 * {@link NatsBackend#CONTAINER} backend, for machines with a Docker engine and no nats-server binary. Its client port is
 * bound to a fixed free port on 127.0.0.1, so the address stays the same across {@link #kill()} and {@link #restart()}
 * (which stop and start the same container: its store survives); {@link #pause()} and {@link #resume()} freeze and thaw
 * it. Testcontainers is an optional dependency of the testkit: add {@code org.testcontainers:testcontainers} to use it.
 */
public final class NatsContainer implements NatsNode {

  /** The image: the official one, a release line JetStream clustering and the KV API of jnats 2.26 work with. */
  public static final String DEFAULT_IMAGE = "nats:2.10";
  static final int CLIENT_PORT = 4222;
  static final int ROUTE_PORT = 6222;

  private final GenericContainer<?> container;
  private final String name;
  private final int hostPort;

  private NatsContainer(GenericContainer<?> container, String name, int hostPort) {
    this.container = container;
    this.name = name;
    this.hostPort = hostPort;
  }

  /** Starts a standalone JetStream server of {@link #DEFAULT_IMAGE} and waits until it is ready. */
  public static NatsContainer start() {
    NatsContainer node = create(DEFAULT_IMAGE, ServerStarts.uniqueName("nats"), null, List.of());
    node.container.start();
    return node;
  }

  /** Whether a Docker engine answers (false, too, when Testcontainers is not on the class path). */
  public static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException absent) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * A container not started yet: JetStream on, a store in the container, the client port bound to a fixed free port.
   *
   * @param network null for a standalone server; else the cluster's network, with {@code clusterArgs}
   */
  static NatsContainer create(String image, String name, Network network, List<String> clusterArgs) {
    int port = FreePorts.allocate(1)[0];
    List<String> command = new ArrayList<>(List.of("-js", "-sd", "/data", "-n", name));
    command.addAll(clusterArgs);
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withCommand(command.toArray(String[]::new))
        .withExposedPorts(CLIENT_PORT)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(CLIENT_PORT))))
        .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1).withStartupTimeout(NatsServer.READY_TIMEOUT));
    if (network != null) {
      container.withNetwork(network).withNetworkAliases(name);
    }
    return new NatsContainer(container, name, port);
  }

  GenericContainer<?> container() {
    return container;
  }

  /** The server's name (also its host name on a cluster's network). */
  public String name() {
    return name;
  }

  @Override
  public String url() {
    return "nats://127.0.0.1:" + hostPort;
  }

  /** {@code docker kill}: the container stops at once; {@link #restart()} starts the same one again. */
  @Override
  public synchronized void kill() {
    if (running()) {
      docker().killContainerCmd(container.getContainerId()).exec();
      await("stop", () -> !running());
    }
  }

  @Override
  public synchronized void pause() {
    docker().pauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public synchronized void resume() {
    docker().unpauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public synchronized void restart() {
    kill();
    docker().startContainerCmd(container.getContainerId()).exec();
    await("serve clients", () -> Monitor.clientPortServes(hostPort, name));
  }

  @Override
  public synchronized void close() {
    container.stop();
  }

  @Override
  public String toString() {
    return "nats container " + name + " (" + url() + ")";
  }

  private boolean running() {
    Boolean running = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
    return Boolean.TRUE.equals(running);
  }

  private void await(String what, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + NatsServer.READY_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(this + " did not " + what + " within " + NatsServer.READY_TIMEOUT);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }
}
