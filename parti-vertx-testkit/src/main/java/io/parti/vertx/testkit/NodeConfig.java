package io.parti.vertx.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one nats-server process is started with: its name, loopback ports, store directory and JetStream domain (null
 * for none); for a cluster member, the cluster name and the route ports of every member; and configuration text of the
 * caller's (authorization, accounts, TLS), appended as it is.
 */
record NodeConfig(String name, int clientPort, int monitorPort, Path storeDir, String domain, String clusterName, int routePort,
                  List<Integer> routePorts, String extra) {

  static final String HOST = "127.0.0.1";

  /** A standalone JetStream server. */
  static NodeConfig standalone(String name, int clientPort, int monitorPort, Path storeDir, String domain, String extra) {
    return new NodeConfig(name, clientPort, monitorPort, storeDir, domain, null, 0, List.of(), extra);
  }

  boolean clustered() {
    return clusterName != null;
  }

  /** The server's configuration file text (nats-server's config syntax). */
  String render() {
    StringBuilder conf = new StringBuilder()
        .append("server_name: ").append(quote(name)).append('\n')
        .append("listen: ").append(quote(HOST + ':' + clientPort)).append('\n')
        .append("http: ").append(quote(HOST + ':' + monitorPort)).append('\n')
        .append("jetstream {\n")
        .append("  store_dir: ").append(quote(storeDir.toString())).append('\n')
        .append("  max_memory_store: 256MB\n")
        .append("  max_file_store: 1GB\n");
    if (domain != null) {
      conf.append("  domain: ").append(quote(domain)).append('\n');
    }
    conf.append("}\n");
    if (clustered()) {
      String routes = routePorts.stream()
          .map(port -> "    " + quote("nats-route://" + HOST + ':' + port))
          .collect(Collectors.joining("\n"));
      conf.append("cluster {\n")
          .append("  name: ").append(quote(clusterName)).append('\n')
          .append("  listen: ").append(quote(HOST + ':' + routePort)).append('\n')
          .append("  routes: [\n").append(routes).append("\n  ]\n")
          .append("}\n");
    }
    if (!extra.isEmpty()) {
      conf.append(extra).append('\n');
    }
    return conf.toString();
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
