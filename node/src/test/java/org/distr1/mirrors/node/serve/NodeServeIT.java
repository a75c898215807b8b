package org.distr1.mirrors.node.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.distr1.mirrors.shared.serve.ServeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar serving a published snapshot, as an operator runs it, to a distri-like client. */
class NodeServeIT {
  @TempDir static Path work;
  static Process node;
  static int port;
  static int adminPort;
  static CloseableHttpClient client;

  @BeforeAll
  static void startNode() throws Exception {
    Path mirror = work.resolve("mirror");
    Path snapshot = mirror.resolve("snapshots/it");
    Files.createDirectories(snapshot);
    ServeFixture.write(snapshot);
    Files.createSymbolicLink(mirror.resolve("current"), Path.of("snapshots/it"));
    port = freePort();
    adminPort = freePort();
    Path config = work.resolve("node.yml");
    Files.writeString(config, """
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
        """.formatted(mirror, port, adminPort));
    node = new ProcessBuilder("java", "-jar", Path.of("target/distri-node.jar").toAbsolutePath().toString(),
            "server", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("node.log").toFile())
        .start();
    client = HttpClients.custom().disableContentCompression().build();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> status("/" + ServeFixture.BOTH, null) == 200);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  @Test
  void aDistriClientGetsZstdAndDecodesTheOriginalBytes() throws Exception {
    HttpGet get = new HttpGet("http://127.0.0.1:" + port + "/" + ServeFixture.BOTH);
    get.setHeader("Accept-Encoding", "zstd, gzip");
    byte[] decoded = client.execute(get, response -> {
      assertThat(response.getCode()).isEqualTo(200);
      assertThat(response.getFirstHeader("Content-Encoding").getValue()).isEqualTo("zstd");
      assertThat(response.getFirstHeader("Vary").getValue()).isEqualTo("Accept-Encoding");
      try (InputStream body = new ZstdInputStream(response.getEntity().getContent())) {
        return body.readAllBytes();
      }
    });
    assertThat(decoded).isEqualTo(Files.readAllBytes(work.resolve("mirror/current/" + ServeFixture.BOTH)));
  }

  @Test
  void rangesTraversalAndMetricsThroughTheRealProcess() throws Exception {
    HttpGet range = new HttpGet("http://127.0.0.1:" + port + "/" + ServeFixture.BOTH);
    range.setHeader("Accept-Encoding", "zstd, gzip");
    range.setHeader("Range", "bytes=-16");
    client.execute(range, response -> {
      assertThat(response.getCode()).isEqualTo(206);
      assertThat(response.getFirstHeader("Content-Encoding")).isNull();
      assertThat(response.getFirstHeader("Content-Range").getValue()).isEqualTo("bytes 204784-204799/204800");
      return null;
    });
    assertThat(status("/distri/jackherer/pkg/escape.squashfs", null)).isEqualTo(404);
    assertThat(status("/distri/%2e%2e/%2e%2e/secret", null)).isEqualTo(400);
    HttpGet metrics = new HttpGet("http://127.0.0.1:" + adminPort + "/metrics");
    String body = client.execute(metrics, response -> new String(response.getEntity().getContent().readAllBytes()));
    assertThat(body).contains("distri.serve.requests.zstd");
  }

  private static int status(String path, String acceptEncoding) throws IOException {
    HttpGet get = new HttpGet("http://127.0.0.1:" + port + path);
    if (acceptEncoding != null) {
      get.setHeader("Accept-Encoding", acceptEncoding);
    }
    return client.execute(get, response -> response.getCode());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
