package org.distr1.mirrors.coordinator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/scripts/quickstart.sh} as the README runs it, but started in the background of a
 * non-interactive shell (where SIGINT arrives ignored): it serves on {@code QUICKSTART_PORT} from
 * {@code QUICKSTART_DIR}, and SIGINT still stops it and everything it started.
 */
class QuickstartScriptIT {
  static final Path SCRIPT =
      Path.of("../config/scripts/quickstart.sh").toAbsolutePath().normalize();

  @TempDir Path dir;
  Process shell;

  @AfterEach
  void cleanUp() throws Exception {
    if (shell != null && shell.isAlive()) {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void servesOnTheGivenPortFromTheGivenDirectoryAndStopsOnSigintInTheBackground() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path work = dir.resolve("quickstart");
    Path pidFile = dir.resolve("pid");
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "-c",
                "bash \"$0\" & echo $! > \"$1\"; wait",
                SCRIPT.toString(),
                pidFile.toString())
            .redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            java.util.Map.of(
                "QUICKSTART_PORT", Integer.toString(port), "QUICKSTART_DIR", work.toString()));
    shell = builder.start();
    StringBuffer output = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> output.append(line).append('\n'));
              } catch (Exception e) {
                output.append("(output ended: ").append(e).append(")\n");
              }
            });
    reader.setDaemon(true);
    reader.start();

    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              assertThat(shell.isAlive()).as("quickstart exited early:\n%s", output).isTrue();
              return output.indexOf("Ctrl-C stops the node") >= 0;
            });
    HttpResponse<String> status =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_mirror/status"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(work.resolve("mirror/current")).isDirectory();

    long script = Long.parseLong(Files.readString(pidFile).strip());
    List<ProcessHandle> started = ProcessHandle.of(script).orElseThrow().descendants().toList();
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(script)).start().waitFor())
        .isZero();
    assertThat(shell.waitFor(60, TimeUnit.SECONDS))
        .as("still running after SIGINT:\n%s", output)
        .isTrue();
    assertThat(started)
        .allSatisfy(child -> assertThat(child.isAlive()).as(child.info().toString()).isFalse());
    try (Socket probe = new Socket()) {
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000)))
          .as("port %d freed", port)
          .isNotNull();
    }
  }
}
