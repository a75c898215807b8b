package org.distr1.mirrors.coordinator.allowlist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar distri-coordinator.jar allowlist-apply} as a separate rsync host runs it:
 * against the running coordinator, a wrong token, an unreachable coordinator and a server that
 * answers garbage. Every failure exits non-zero and leaves the last good file byte for byte.
 */
class AllowlistApplyIT {

  private static final Path JAR = Path.of("target/distri-coordinator.jar");

  @RegisterExtension static final AllowlistApp APP = new AllowlistApp();

  @TempDir Path dir;
  Path output;
  Path tokenFile;

  @BeforeEach
  void files() throws IOException {
    APP.deleteEntries();
    output = dir.resolve("rsyncd.d/distri-allowlist.inc");
    Files.createDirectories(output.getParent());
    tokenFile = dir.resolve("allowlist.token");
    Files.writeString(tokenFile, APP.readerToken() + "\n");
  }

  record Run(int exitCode, String output) {}

  private Run apply(String coordinator, Path token) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a one-shot CLI: the C1 compiler alone starts it faster
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "allowlist-apply",
                "--coordinator",
                coordinator,
                "--token-file",
                token.toString(),
                "--output",
                output.toString(),
                "--allow-non-public",
                "--timeout-seconds",
                "10"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), text);
  }

  private String coordinator() {
    return "http://127.0.0.1:" + APP.app.getLocalPort();
  }

  @Test
  void writesTheCoordinatorsFragmentAndAnRsyncdUsingItAdmitsTheSource() throws Exception {
    APP.added("127.0.0.2");
    APP.added("2001:db8:7::/48");
    Run first = apply(coordinator(), tokenFile);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("replaced, 2 networks");
    assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(APP.fragment));

    Run second = apply(coordinator(), tokenFile);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("unchanged, 2 networks");

    try (RsyncDaemon daemon = FragmentRsyncd.start(dir, "127.0.0.1", output)) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();
    }
  }

  @Test
  void wrongTokenUnreachableCoordinatorAndGarbageKeepTheLastGoodFile() throws Exception {
    APP.added("127.0.0.2");
    assertThat(apply(coordinator(), tokenFile).exitCode()).isZero();
    byte[] good = Files.readAllBytes(output);
    APP.added("127.0.0.5");

    Path wrong = dir.resolve("wrong.token");
    Files.writeString(wrong, "dma_1.not-the-secret\n");
    assertFailsKeeping(good, apply(coordinator(), wrong), "refused the token (HTTP 401)");

    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    assertFailsKeeping(good, apply("http://127.0.0.1:" + closedPort, tokenFile), "cannot fetch");

    // a fragment with a smuggled directive (AllowlistApplyTest covers more malformed bodies)
    String garbage = new String(good, UTF_8) + "path = /\n";
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        AllowlistApplyCommand.EXPORT_PATH,
        exchange -> {
          byte[] body = garbage.getBytes(UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      Run run = apply("http://127.0.0.1:" + server.getAddress().getPort(), tokenFile);
      assertFailsKeeping(good, run, "refused");
    } finally {
      server.stop(0);
    }
  }

  private void assertFailsKeeping(byte[] good, Run run, String message) throws IOException {
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("previous fragment kept").contains(message);
    assertThat(Files.readAllBytes(output)).isEqualTo(good);
    try (var files = Files.list(output.getParent())) {
      assertThat(files).containsExactly(output);
    }
  }
}
