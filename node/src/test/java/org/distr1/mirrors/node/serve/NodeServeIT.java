package org.distr1.mirrors.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  static NodeProcess node;
  static int port;
  static int adminPort;
  static CloseableHttpClient client;

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeProcess.start(work);
    port = node.port;
    adminPort = node.adminPort;
    client = HttpClients.custom().disableContentCompression().build();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aDistriClientGetsZstdAndDecodesTheOriginalBytes() throws Exception {
    HttpGet get = new HttpGet("http://127.0.0.1:" + port + "/" + ServeFixture.BOTH);
    get.setHeader("Accept-Encoding", "zstd, gzip");
    byte[] decoded =
        client.execute(
            get,
            response -> {
              assertThat(response.getCode()).isEqualTo(200);
              assertThat(response.getFirstHeader("Content-Encoding").getValue()).isEqualTo("zstd");
              assertThat(response.getFirstHeader("Vary").getValue()).isEqualTo("Accept-Encoding");
              try (InputStream body = new ZstdInputStream(response.getEntity().getContent())) {
                return body.readAllBytes();
              }
            });
    assertThat(decoded)
        .isEqualTo(Files.readAllBytes(work.resolve("mirror/snapshots/it/" + ServeFixture.BOTH)));
  }

  @Test
  void rangesTraversalAndMetricsThroughTheRealProcess() throws Exception {
    HttpGet range = new HttpGet("http://127.0.0.1:" + port + "/" + ServeFixture.BOTH);
    range.setHeader("Accept-Encoding", "zstd, gzip");
    range.setHeader("Range", "bytes=-16");
    client.execute(
        range,
        response -> {
          assertThat(response.getCode()).isEqualTo(206);
          assertThat(response.getFirstHeader("Content-Encoding")).isNull();
          assertThat(response.getFirstHeader("Content-Range").getValue())
              .isEqualTo("bytes 204784-204799/204800");
          return null;
        });
    assertThat(status("/distri/jackherer/pkg/escape.squashfs", null)).isEqualTo(404);
    HttpGet ambiguous = new HttpGet("http://127.0.0.1:" + port + "/distri/%2e%2e/%2e%2e/secret");
    client.execute(
        ambiguous,
        response -> {
          // refused by Jetty itself, before the file server: still the API's JSON error shape
          assertThat(response.getCode()).isEqualTo(400);
          assertThat(response.getFirstHeader("Content-Type").getValue())
              .isEqualTo("application/json");
          assertThat(new String(response.getEntity().getContent().readAllBytes()))
              .contains("\"code\":\"bad_request\"");
          return null;
        });
    HttpGet metrics = new HttpGet("http://127.0.0.1:" + adminPort + "/metrics");
    String body =
        client.execute(
            metrics, response -> new String(response.getEntity().getContent().readAllBytes()));
    assertThat(body).contains("distri.serve.requests.zstd");
  }

  private static int status(String path, String acceptEncoding) throws IOException {
    HttpGet get = new HttpGet("http://127.0.0.1:" + port + path);
    if (acceptEncoding != null) {
      get.setHeader("Accept-Encoding", acceptEncoding);
    }
    return client.execute(get, response -> response.getCode());
  }
}
