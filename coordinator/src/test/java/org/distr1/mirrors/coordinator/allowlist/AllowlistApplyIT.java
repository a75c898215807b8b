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

  private Run apply(String coordinator, Path token, String... more) throws Exception {
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
                (more.length > 0 ? dropIn : output).toString(),
                "--allow-non-public",
                "--timeout-seconds",
                "10"));
    command.addAll(List.of(more));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), text);
  }

  /** The socket drop-in's place beside a unit in distri's shape (see {@link #socketUnit}). */
  private Path dropIn;

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

  /**
   * A socket unit shaped like distri's {@code systemd/rsyncd.socket} (socket activation, one rsync
   * per connection, deny everything, one allowed address) and its service.
   */
  private Path socketUnit() throws IOException {
    Path units = Files.createDirectories(dir.resolve("system"));
    Files.writeString(
        units.resolve("rsyncd.socket"),
        "[Unit]\nDescription=rsync daemon socket (distri's shape)\nConflicts=rsyncd.service\n\n"
            + "[Socket]\nListenStream=873\nAccept=yes\nIPAddressDeny=any\n"
            + "IPAddressAllow=2001:db8::1\n\n[Install]\nWantedBy=sockets.target\n");
    Files.writeString(
        units.resolve("rsyncd@.service"),
        "[Unit]\nDescription=rsync daemon for one connection\n\n"
            + "[Service]\nExecStart=/usr/bin/rsync --daemon --no-detach\nStandardInput=socket\n"
            + "DynamicUser=yes\nPrivateNetwork=yes\n");
    dropIn = units.resolve("rsyncd.socket.d/distri-allowlist.conf");
    return units.resolve("rsyncd.socket");
  }

  private static Run verify(Path unit) throws Exception {
    Process process =
        new ProcessBuilder("systemd-analyze", "verify", unit.toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), text);
  }

  @Test
  void writesTheSocketDropInThatSystemdAnalyzeAcceptsAndReloads() throws Exception {
    Path unit = socketUnit();
    APP.added("127.0.0.2");
    APP.added("2001:db8:7::/48");
    Path reloaded = dir.resolve("reloaded");
    String touch = "touch " + reloaded;
    Run first = apply(coordinator(), tokenFile, "--format", "systemd", "--reload-command", touch);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains(dropIn + " replaced, 2 networks");
    assertThat(reloaded).exists();
    assertThat(Files.readString(dropIn))
        .isEqualTo(APP.export("systemd", APP.readerToken()).body())
        .endsWith(
            "[Socket]\nIPAddressAllow=\nIPAddressDeny=any\n"
                + "IPAddressAllow=127.0.0.2/32\nIPAddressAllow=2001:db8:7::/48\n");

    Run verified = verify(unit);
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    assertThat(verified.output()).as("systemd-analyze warnings").isBlank();
    // the check reads the drop-in: a broken one is reported
    Files.writeString(dropIn, Files.readString(dropIn) + "IPAddressAllow=rsync.example.org\n");
    assertThat(verify(unit).output()).contains("distri-allowlist.conf");

    Files.delete(reloaded);
    Run repaired =
        apply(coordinator(), tokenFile, "--format", "systemd", "--reload-command", touch);
    assertThat(repaired.exitCode()).as(repaired.output()).isZero();
    assertThat(reloaded).exists();
    assertThat(verify(unit).output()).isBlank();

    // a reload that fails: exit 1, and the drop-in systemd last loaded is back in place
    byte[] good = Files.readAllBytes(dropIn);
    APP.added("127.0.0.5");
    Run failed =
        apply(coordinator(), tokenFile, "--format", "systemd", "--reload-command", "false");
    assertThat(failed.exitCode()).as(failed.output()).isNotZero();
    assertThat(failed.output()).contains("previous file kept", "false failed (exit 1)");
    assertThat(Files.readAllBytes(dropIn)).isEqualTo(good);
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
        AllowlistApplyCommand.exportPath(ExportFormat.RSYNCD),
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
    assertThat(run.output()).contains("previous file kept").contains(message);
    assertThat(Files.readAllBytes(output)).isEqualTo(good);
    try (var files = Files.list(output.getParent())) {
      assertThat(files).containsExactly(output);
    }
  }
}
