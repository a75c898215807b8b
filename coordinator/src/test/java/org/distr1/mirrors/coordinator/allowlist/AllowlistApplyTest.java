package org.distr1.mirrors.coordinator.allowlist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.distr1.mirrors.coordinator.allowlist.AllowlistApply.ApplyException;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AllowlistApply} against a real HTTP server on loopback that plays the coordinator. */
@Tag("database")
class AllowlistApplyTest {

  private static final String TOKEN = "read-only-token";
  private static final CidrPolicy POLICY = CidrPolicy.DEFAULT.allowingNonPublic();
  private static final String GOOD =
      RsyncdFragment.render(RsyncdFragmentTest.networks("127.0.0.2", "192.0.2.0/24"));
  private static final String NEWER =
      RsyncdFragment.render(RsyncdFragmentTest.networks("127.0.0.2"));

  @TempDir Path dir;
  private HttpServer server;
  private volatile int status = 200;
  private volatile String body = GOOD;
  private volatile String dropIn =
      SocketDropIn.render(RsyncdFragmentTest.networks("127.0.0.2", "192.0.2.0/24"));
  private final CopyOnWriteArrayList<String> ifNoneMatch = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
          ifNoneMatch.add(String.valueOf(inm));
          String path = exchange.getRequestURI().getPath();
          byte[] bytes =
              (path.equals(AllowlistApplyCommand.exportPath(ExportFormat.SYSTEMD)) ? dropIn : body)
                  .getBytes(UTF_8);
          int code = status;
          if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            code = 401;
          } else if (code == 200 && Representation.etagOf(bytes).equals(inm)) {
            code = 304;
          }
          if (code == 304) {
            exchange.sendResponseHeaders(304, -1);
          } else {
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private AllowlistApply apply(String token) {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + server.getAddress().getPort()
                + AllowlistApplyCommand.exportPath(ExportFormat.RSYNCD));
    return new AllowlistApply(
        uri, token, ApplyTarget.rsyncd(dir.resolve("allow.inc")), POLICY, Duration.ofSeconds(5));
  }

  @Test
  void writesTheFragmentThenAsksConditionally() throws Exception {
    assertThat(apply(TOKEN).run()).isEqualTo(new AllowlistApply.Outcome(2, true));
    assertThat(dir.resolve("allow.inc")).hasContent(GOOD.strip());
    assertThat(Files.readString(dir.resolve("allow.inc"))).isEqualTo(GOOD);

    assertThat(apply(TOKEN).run()).isEqualTo(new AllowlistApply.Outcome(2, false));
    assertThat(ifNoneMatch).last().isEqualTo(Representation.etagOf(GOOD.getBytes(UTF_8)));

    body = NEWER;
    assertThat(apply(TOKEN).run()).isEqualTo(new AllowlistApply.Outcome(1, true));
    assertThat(Files.readString(dir.resolve("allow.inc"))).isEqualTo(NEWER);
  }

  @Test
  void wrongTokenKeepsTheFile() throws Exception {
    apply(TOKEN).run();
    body = NEWER;
    assertFailsKeepingGood(apply("wrong"), "refused the token (HTTP 401)");
  }

  @Test
  void serverErrorKeepsTheFile() throws Exception {
    apply(TOKEN).run();
    status = 503;
    assertFailsKeepingGood(apply(TOKEN), "HTTP 503");
  }

  @Test
  void malformedBodiesKeepTheFile() throws Exception {
    apply(TOKEN).run();
    for (String bad :
        new String[] {
          GOOD + "path = /\n",
          GOOD.replace("192.0.2.0/24", "mirror.example.org"),
          GOOD.replace("192.0.2.0/24", "0.0.0.0/0"),
          GOOD.substring(0, GOOD.length() - 5),
          "<html>maintenance</html>",
          "",
        }) {
      body = bad;
      assertFailsKeepingGood(apply(TOKEN), "refused");
    }
  }

  @Test
  void unreachableCoordinatorKeepsTheFile() throws Exception {
    apply(TOKEN).run();
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    var unreachable =
        new AllowlistApply(
            URI.create(
                "http://127.0.0.1:"
                    + closedPort
                    + AllowlistApplyCommand.exportPath(ExportFormat.RSYNCD)),
            TOKEN,
            ApplyTarget.rsyncd(dir.resolve("allow.inc")),
            POLICY,
            Duration.ofSeconds(5));
    assertFailsKeepingGood(unreachable, "cannot fetch");
  }

  private AllowlistApply socket(List<String> reload, Duration timeout) {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + server.getAddress().getPort()
                + AllowlistApplyCommand.exportPath(ExportFormat.SYSTEMD));
    return new AllowlistApply(
        uri,
        TOKEN,
        ApplyTarget.systemd(dir.resolve("rsyncd.socket.d/distri-allowlist.conf"), reload),
        POLICY,
        timeout);
  }

  @Test
  void writesTheSocketDropInAndReloadsOnlyWhenItChanged() throws Exception {
    Path dropInFile = dir.resolve("rsyncd.socket.d/distri-allowlist.conf");
    Path reloaded = dir.resolve("reloaded");
    List<String> touch = List.of("touch", reloaded.toString());
    assertThat(socket(touch, Duration.ofSeconds(5)).run())
        .isEqualTo(new AllowlistApply.Outcome(2, true));
    assertThat(Files.readString(dropInFile)).isEqualTo(dropIn);
    assertThat(reloaded).exists();

    Files.delete(reloaded);
    assertThat(socket(touch, Duration.ofSeconds(5)).run())
        .isEqualTo(new AllowlistApply.Outcome(2, false));
    assertThat(reloaded).doesNotExist();

    String good = dropIn;
    dropIn = SocketDropIn.render(RsyncdFragmentTest.networks("127.0.0.2"));
    assertThat(socket(touch, Duration.ofSeconds(5)).run())
        .isEqualTo(new AllowlistApply.Outcome(1, true));
    assertThat(reloaded).exists();
    assertThat(Files.readString(dropInFile)).isNotEqualTo(good).isEqualTo(dropIn);
  }

  @Test
  void aFailedReloadPutsThePreviousDropInBack() throws Exception {
    Path dropInFile = dir.resolve("rsyncd.socket.d/distri-allowlist.conf");
    socket(List.of("true"), Duration.ofSeconds(5)).run();
    String good = Files.readString(dropInFile);
    dropIn = SocketDropIn.render(RsyncdFragmentTest.networks("127.0.0.2"));
    assertThatThrownBy(
            () ->
                socket(List.of("sh", "-c", "echo no bus >&2; exit 3"), Duration.ofSeconds(5)).run())
        .isInstanceOf(ApplyException.class)
        .hasMessage("sh -c echo no bus >&2; exit 3 failed (exit 3): no bus");
    assertThat(Files.readString(dropInFile)).isEqualTo(good);
    assertThatThrownBy(() -> socket(List.of("sleep", "30"), Duration.ofMillis(300)).run())
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("did not finish");
    assertThat(Files.readString(dropInFile)).isEqualTo(good);
    // the next run sees the change again and, with a working reload, applies it
    assertThat(socket(List.of("true"), Duration.ofSeconds(5)).run().changed()).isTrue();
    assertThat(Files.readString(dropInFile)).isEqualTo(dropIn);
    try (var files = Files.list(dropInFile.getParent())) {
      assertThat(files).containsExactly(dropInFile);
    }
  }

  @Test
  void aFailedFirstReloadLeavesNoDropIn() {
    assertThatThrownBy(() -> socket(List.of("false"), Duration.ofSeconds(5)).run())
        .isInstanceOf(ApplyException.class);
    assertThat(dir.resolve("rsyncd.socket.d/distri-allowlist.conf")).doesNotExist();
  }

  @Test
  void aDropInWithAnotherSettingIsRefused() throws Exception {
    socket(List.of("true"), Duration.ofSeconds(5)).run();
    Path dropInFile = dir.resolve("rsyncd.socket.d/distri-allowlist.conf");
    String good = Files.readString(dropInFile);
    for (String bad :
        new String[] {
          good + "ExecStartPre=/bin/sh -c id\n",
          good.replace("IPAddressDeny=any\n", ""),
          good.replace("192.0.2.0/24", "any"),
          good.replace("IPAddressAllow=\n", ""),
          GOOD,
        }) {
      dropIn = bad;
      assertThatThrownBy(() -> socket(List.of("true"), Duration.ofSeconds(5)).run())
          .isInstanceOf(ApplyException.class)
          .hasMessageContaining("refused");
      assertThat(Files.readString(dropInFile)).isEqualTo(good);
    }
  }

  @Test
  void firstRunFailureLeavesNoFile() {
    status = 500;
    assertThatThrownBy(() -> apply(TOKEN).run()).isInstanceOf(ApplyException.class);
    assertThat(dir.resolve("allow.inc")).doesNotExist();
  }

  private void assertFailsKeepingGood(AllowlistApply apply, String message) throws IOException {
    assertThatThrownBy(apply::run).isInstanceOf(ApplyException.class).hasMessageContaining(message);
    assertThat(Files.readString(dir.resolve("allow.inc"))).isEqualTo(GOOD);
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }
}
