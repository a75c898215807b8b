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
  private final CopyOnWriteArrayList<String> ifNoneMatch = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        AllowlistApplyCommand.EXPORT_PATH,
        exchange -> {
          String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
          ifNoneMatch.add(String.valueOf(inm));
          byte[] bytes = body.getBytes(UTF_8);
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
                + AllowlistApplyCommand.EXPORT_PATH);
    return new AllowlistApply(uri, token, dir.resolve("allow.inc"), POLICY, Duration.ofSeconds(5));
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
            URI.create("http://127.0.0.1:" + closedPort + AllowlistApplyCommand.EXPORT_PATH),
            TOKEN,
            dir.resolve("allow.inc"),
            POLICY,
            Duration.ofSeconds(5));
    assertFailsKeepingGood(unreachable, "cannot fetch");
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
