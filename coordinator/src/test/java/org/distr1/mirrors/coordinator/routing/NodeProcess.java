package org.distr1.mirrors.coordinator.routing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * A real node ({@code node/target/distri-node.jar server}) syncing from a loopback rsync daemon, on
 * fixed loopback ports so that it can be killed and started again in place.
 */
final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path config;
  private final Path log;
  final int port;
  final int adminPort;
  private Process process;

  NodeProcess(Path dir, String upstream) throws IOException {
    this(dir, upstream, "[]");
  }

  /**
   * @param rsyncOptions YAML list of extra rsync options, e.g. {@code [--bwlimit=500]}
   */
  NodeProcess(Path dir, String upstream, String rsyncOptions) throws IOException {
    this(dir, upstream, rsyncOptions, "");
  }

  /**
   * @param extraYaml more top-level sections, e.g. {@code reporting:} for a node that reports to a
   *     coordinator
   */
  NodeProcess(Path dir, String upstream, String rsyncOptions, String extraYaml) throws IOException {
    this.port = freePort();
    this.adminPort = freePort();
    this.config = dir.resolve("node.yml");
    this.log = dir.resolve("node.log");
    Files.createDirectories(dir);
    Files.writeString(
        config,
        """
        sync:
          upstream: %s
          mirrorRoot: %s
          interval: 1 hour
          connectTimeout: 5 seconds
          minDiskSpace: 1 MiB
          extraRsyncOptions: %s
        server:
          applicationConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: %d
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: %d
        logging:
          level: WARN
        """
                .formatted(upstream, dir.resolve("mirror"), rsyncOptions, port, adminPort)
            + extraYaml);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  void start() throws IOException {
    Path jar = Path.of("../node/target/distri-node.jar").toAbsolutePath();
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "server",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /** Kills the process as a crash would, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The node's own status document, null while it does not answer. */
  JsonNode status() {
    try {
      HttpResponse<byte[]> response =
          HTTP.send(
              HttpRequest.newBuilder(base().resolve("_mirror/status"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Start of the last successful sync, null before one. */
  Instant lastSyncStart() {
    JsonNode status = status();
    return status == null
            || status.path("lastSuccessStart").isMissingNode()
            || status.path("lastSuccessStart").isNull()
        ? null
        : Instant.parse(status.path("lastSuccessStart").asText());
  }

  /**
   * What the node's health report would claim, read from its status document (the same fields the
   * reporter sends), null before its first successful sync or while it does not answer. The node
   * runs on this machine: its clock is the coordinator's.
   */
  SyncReport syncReport() {
    JsonNode status = status();
    if (status == null || !status.hasNonNull("lastSuccessStart")) {
      return null;
    }
    Map<String, String> digests = new HashMap<>();
    status
        .path("indexDigests")
        .fields()
        .forEachRemaining(
            e ->
                digests.put(
                    ReleaseIndex.path(e.getKey()), ReleaseIndex.tagged(e.getValue().asText())));
    return new SyncReport(
        Instant.parse(status.path("lastSuccessStart").asText()), Duration.ZERO, digests);
  }

  /** Waits until a sync that started after {@code after} is published. */
  Instant awaitSyncAfter(Instant after) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Instant start = lastSyncStart();
              return start != null && (after == null || start.isAfter(after));
            });
    return lastSyncStart();
  }

  /** Starts a sync now, through the admin task. */
  void syncNow() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tasks/sync"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("sync task answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The published tree, as the node serves it. */
  Path current() {
    return config.resolveSibling("mirror").resolve("current");
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
