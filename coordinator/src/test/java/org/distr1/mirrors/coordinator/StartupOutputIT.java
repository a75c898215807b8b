package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both fat jars start as an operator starts them without a word of warning from the logging
 * libraries (logback's status messages about mismatched versions), and still know their version.
 */
class StartupOutputIT {
  private static final Path NODE_JAR = Path.of("../node/target/distri-node.jar").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void theCoordinatorStartsWithoutLoggingWarnings() throws Exception {
    try (CoordinatorProcess coordinator = new CoordinatorProcess(dir, "", "")) {
      coordinator.start();
      assertNoLoggingWarnings(Files.readString(dir.resolve("stdout.log")));
    }
  }

  @Test
  void theNodeStartsWithoutLoggingWarnings() throws Exception {
    int port = freePort();
    Path config =
        Files.writeString(
            dir.resolve("node.yml"),
            """
            sync:
              upstream: rsync://127.0.0.1:9/distri/
              mirrorRoot: %s
              interval: 1 hour
              connectTimeout: 1 second
              minDiskSpace: 1 MiB
            server:
              applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
              adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]
            """
                .formatted(dir.resolve("mirror"), port));
    Path output = dir.resolve("node.out");
    Process node =
        new ProcessBuilder("java", "-jar", NODE_JAR.toString(), "server", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI status = URI.create("http://127.0.0.1:" + port + "/_mirror/status");
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(node.isAlive()).as(Files.readString(output)).isTrue();
                try {
                  http.send(
                      HttpRequest.newBuilder(status).build(),
                      HttpResponse.BodyHandlers.discarding());
                  return true;
                } catch (IOException e) {
                  return false;
                }
              });
      assertNoLoggingWarnings(Files.readString(output));
    } finally {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void bothJarsStillKnowTheirVersion() throws Exception {
    for (Path jar : List.of(CoordinatorProcess.JAR, NODE_JAR)) {
      Process process = new ProcessBuilder("java", "-jar", jar.toString(), "-v").start();
      String output = new String(process.getInputStream().readAllBytes()).strip();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output).as(jar.toString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
  }

  /** Logback prints its own status lines as {@code HH:mm:ss,SSS |-WARN in ...}. */
  private static void assertNoLoggingWarnings(String output) {
    assertThat(output.lines())
        .as(output)
        .noneMatch(line -> line.contains("|-WARN") || line.contains("|-ERROR"))
        .noneMatch(line -> line.contains("version") && line.contains("different"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
