package io.parti.vertx.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Probes a nats-server on loopback: its HTTP monitor endpoints and the INFO line on its client port. */
final class Monitor {

  private static final int TIMEOUT_MS = 1000;

  private Monitor() {}

  /** The body of {@code GET http://127.0.0.1:port/path} when it answers 200; empty when down or not 200. */
  static Optional<String> get(int port, String path) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) new URL("http", NodeConfig.HOST, port, path).openConnection();
      connection.setConnectTimeout(TIMEOUT_MS);
      connection.setReadTimeout(TIMEOUT_MS);
      if (connection.getResponseCode() != 200) {
        return Optional.empty();
      }
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException notUp) {
      return Optional.empty();
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  /**
   * True when the client port answers with an INFO line naming {@code serverName}: this proves the port is ours
   * and not another process that grabbed it.
   */
  static boolean clientPortServes(int port, String serverName) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(NodeConfig.HOST, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      BufferedReader reader = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String info = reader.readLine();
      return info != null && info.startsWith("INFO ") && info.contains("\"server_name\":\"" + serverName + "\"");
    } catch (IOException notUp) {
      return false;
    }
  }
}
