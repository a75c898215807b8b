package org.distr1.mirrors.node.serve;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.serve.ServeFixture;

/**
 * The node's fat jar serving a published snapshot of {@link ServeFixture}, as an operator runs it.
 * Its upstream is a closed port, so it serves what is published and never replaces it.
 */
final class NodeProcess implements AutoCloseable {
  final Path mirrorRoot;
  final int port;
  final int adminPort;
  private final Process process;

  private NodeProcess(Path mirrorRoot, int port, int adminPort, Process process) {
    this.mirrorRoot = mirrorRoot;
    this.port = port;
    this.adminPort = adminPort;
    this.process = process;
  }

  static NodeProcess start(Path work) throws Exception {
    Path mirror = work.resolve("mirror");
    Path snapshot = mirror.resolve("snapshots/it");
    Files.createDirectories(snapshot);
    ServeFixture.write(snapshot);
    // the fixture's distri/ is the synced module, served at /distri/
    Files.createSymbolicLink(mirror.resolve("current"), Path.of("snapshots/it/distri"));
    int port = freePort();
    int adminPort = freePort();
    Path config = work.resolve("node.yml");
    Files.writeString(
        config,
        """
        sync:
          upstream: rsync://127.0.0.1:9/distri/
          mirrorRoot: %s
          interval: 24 hours
          retryDelay: 24 hours
        serve:
          enabled: true
        server:
          applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          requestLog: {appenders: []}
        logging:
          level: WARN
        """
            .formatted(mirror, port, adminPort));
    Process process =
        new ProcessBuilder(
                "java",
                "-jar",
                Path.of("target/distri-node.jar").toAbsolutePath().toString(),
                "server",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("node.log").toFile())
            .start();
    NodeProcess node = new NodeProcess(mirror, port, adminPort, process);
    HttpClient probe = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + port + "/" + ServeFixture.BOTH);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                probe
                        .send(
                            HttpRequest.newBuilder(ready).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return node;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
