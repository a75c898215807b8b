package org.distr1.mirrors.node.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.serve.ServeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's nginx site from {@code config/nginx/distri-mirror.conf}, run by Debian's real
 * nginx in front of a real node: every answer the mirror requirements check must come through it
 * unchanged (zstd and gzip negotiation, Vary, identity ranges, conditionals, the freshness file).
 */
class NginxFrontIT {
  private static final Path EXAMPLE = Path.of("../config/nginx/distri-mirror.conf");

  @TempDir static Path work;
  static NodeProcess node;
  static Process nginx;
  static int nginxPort;
  static CloseableHttpClient client;

  @BeforeAll
  static void start() throws Exception {
    node = NodeProcess.start(work);
    Files.createDirectories(
        FreshnessFile.path(node.mirrorRoot, "repo-rsync.distr1.org").getParent());
    Files.writeString(FreshnessFile.path(node.mirrorRoot, "repo-rsync.distr1.org"), "1764150000\n");
    nginxPort = NodeProcess.freePort();
    Path site = work.resolve("distri-mirror.conf");
    Files.writeString(site, siteOnLoopback(Files.readString(EXAMPLE), nginxPort, node.port));
    Path main = work.resolve("nginx.conf");
    Files.writeString(
        main,
        """
        worker_processes 1;
        daemon off;
        user root;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path %1$s/client-body;
          proxy_temp_path %1$s/proxy-temp;
          include %2$s;
        }
        """
            .formatted(work, site));
    Process check =
        new ProcessBuilder("nginx", "-t", "-c", main.toString()).redirectErrorStream(true).start();
    String checked = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(checked).isZero();
    nginx =
        new ProcessBuilder("nginx", "-c", main.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("nginx.out").toFile())
            .start();
    client = HttpClients.custom().disableContentCompression().build();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> send(new HttpGet(url(ServeFixture.BOTH))).code() == 200);
  }

  /**
   * The example as written, except that it listens on a free loopback port and proxies to the test
   * node.
   */
  static String siteOnLoopback(String example, int listenPort, int nodePort) {
    String site =
        example
            .replace("listen 80;", "listen 127.0.0.1:" + listenPort + ";")
            .replace("listen [::]:80;", "")
            .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + nodePort + ";");
    assertThat(site)
        .as("the example's listen and upstream lines moved; update this test")
        .contains("127.0.0.1:" + listenPort)
        .contains("127.0.0.1:" + nodePort);
    return site;
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(30, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void zstdAndGzipSiblingsComeThroughUnchanged() throws Exception {
    byte[] original =
        Files.readAllBytes(node.mirrorRoot.resolve("snapshots/it/" + ServeFixture.BOTH));
    HttpGet zstd = new HttpGet(url(ServeFixture.BOTH));
    zstd.setHeader("Accept-Encoding", "zstd, gzip");
    Reply viaZstd = send(zstd);
    assertThat(viaZstd.code()).isEqualTo(200);
    assertThat(viaZstd.header("Content-Encoding")).isEqualTo("zstd");
    assertThat(viaZstd.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(viaZstd.body())
        .isEqualTo(
            Files.readAllBytes(
                node.mirrorRoot.resolve("snapshots/it/" + ServeFixture.BOTH + ".zst")));
    try (InputStream decoded =
        new ZstdInputStream(new java.io.ByteArrayInputStream(viaZstd.body()))) {
      assertThat(decoded.readAllBytes()).isEqualTo(original);
    }

    HttpGet gzip = new HttpGet(url(ServeFixture.BOTH));
    gzip.setHeader("Accept-Encoding", "gzip");
    Reply viaGzip = send(gzip);
    assertThat(viaGzip.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(viaGzip.body())
        .isEqualTo(
            Files.readAllBytes(
                node.mirrorRoot.resolve("snapshots/it/" + ServeFixture.BOTH + ".gz")));

    Reply identity = send(new HttpGet(url(ServeFixture.BOTH)));
    assertThat(identity.header("Content-Encoding")).isNull();
    assertThat(identity.header("Content-Length")).isEqualTo(String.valueOf(original.length));
    assertThat(identity.body()).isEqualTo(original);
  }

  @Test
  void rangesAndConditionalsAreTheNodes() throws Exception {
    HttpGet range = new HttpGet(url(ServeFixture.BOTH));
    range.setHeader("Accept-Encoding", "zstd, gzip");
    range.setHeader("Range", "bytes=-16");
    Reply partial = send(range);
    assertThat(partial.code()).isEqualTo(206);
    assertThat(partial.header("Content-Encoding")).isNull();
    assertThat(partial.header("Content-Range")).isEqualTo("bytes 204784-204799/204800");

    HttpGet first = new HttpGet(url(ServeFixture.BOTH));
    first.setHeader("Accept-Encoding", "zstd");
    String etag = send(first).header("ETag");
    HttpGet again = new HttpGet(url(ServeFixture.BOTH));
    again.setHeader("Accept-Encoding", "zstd");
    again.setHeader("If-None-Match", etag);
    Reply notModified = send(again);
    assertThat(notModified.code()).isEqualTo(304);
    assertThat(notModified.header("Vary")).isEqualTo("Accept-Encoding");
  }

  @Test
  void theFreshnessFileAndTheRefusalsComeThrough() throws Exception {
    Reply freshness = send(new HttpGet(url("_mirror/last-sync-from/repo-rsync.distr1.org")));
    assertThat(freshness.code()).isEqualTo(200);
    assertThat(new String(freshness.body())).isEqualTo("1764150000\n");
    assertThat(send(new HttpGet(url("distri/jackherer/pkg/escape.squashfs"))).code())
        .isEqualTo(404);
    HttpGet refused = new HttpGet(url(ServeFixture.BOTH));
    refused.setHeader("Accept-Encoding", "identity;q=0");
    assertThat(send(refused).code()).isEqualTo(406);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + nginxPort + "/" + path;
  }

  private record Reply(int code, ClassicHttpResponse response, byte[] body) {
    String header(String name) {
      return response.getFirstHeader(name) == null
          ? null
          : response.getFirstHeader(name).getValue();
    }
  }

  private static Reply send(HttpUriRequestBase request) throws IOException {
    return client.execute(
        request,
        response ->
            new Reply(
                response.getCode(),
                response,
                response.getEntity() == null
                    ? new byte[0]
                    : response.getEntity().getContent().readAllBytes()));
  }
}
