package org.distr1.mirrors.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.shared.serve.ServeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeFactoryTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path mirror;

  @Test
  void servesTheCurrentSnapshotBesideJerseyWithoutDynamicCompressionAndCountsByEncoding()
      throws Exception {
    publishFixture();
    DropwizardTestSupport<ServeTestApplication.Config> node =
        new DropwizardTestSupport<>(
            ServeTestApplication.class, ServeTestApplication.Config.on(mirror, true));
    node.before();
    try {
      int port = node.getLocalPort();
      HttpResponse<byte[]> zstd =
          get(port, "/" + ServeFixture.BOTH, "Accept-Encoding", "zstd, gzip");
      assertThat(zstd.statusCode()).isEqualTo(200);
      assertThat(zstd.headers().firstValue("Content-Encoding")).hasValue("zstd");
      assertThat(zstd.body())
          .isEqualTo(Files.readAllBytes(mirror.resolve("fixture/" + ServeFixture.BOTH + ".zst")));

      // no sibling: identity, even though Dropwizard's GzipHandler is on by default
      HttpResponse<byte[]> plain = get(port, "/" + ServeFixture.PLAIN, "Accept-Encoding", "gzip");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(plain.headers().firstValueAsLong("Content-Length"))
          .hasValue(Files.size(mirror.resolve("fixture/" + ServeFixture.PLAIN)));
      assertThat(get(port, "/" + ServeFixture.BOTH, "Range", "bytes=0-9").statusCode())
          .isEqualTo(206);

      HttpResponse<byte[]> ping = get(port, "/_mirror/ping");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(new String(ping.body())).isEqualTo("pong");

      ServedTotals totals = ServeTestApplication.lastMetrics.totals();
      assertThat(totals.byEncoding().get("zstd").requests()).isEqualTo(1);
      assertThat(totals.byEncoding().get("zstd").bytes()).isEqualTo(zstd.body().length);
      assertThat(totals.byEncoding().get("identity").requests()).isEqualTo(2);
      assertThat(totals.byEncoding().get("gzip").requests()).isZero();

      String metrics = new String(get(node.getAdminPort(), "/metrics").body());
      assertThat(metrics)
          .contains("distri.serve.requests.zstd")
          .contains("distri.serve.bytes.identity");
      assertThat(get(node.getAdminPort(), "/distri/").statusCode()).isEqualTo(404);
      // only the module's URL directory is the repository
      assertThat(get(port, "/jackherer/pkg/bash-5.1.squashfs").statusCode()).isEqualTo(404);
    } finally {
      node.after();
    }
  }

  @Test
  void disabledLeavesOnlyTheMirrorApi() throws Exception {
    publishFixture();
    DropwizardTestSupport<ServeTestApplication.Config> node =
        new DropwizardTestSupport<>(
            ServeTestApplication.class, ServeTestApplication.Config.on(mirror, false));
    node.before();
    try {
      assertThat(get(node.getLocalPort(), "/" + ServeFixture.BOTH).statusCode()).isEqualTo(404);
      assertThat(get(node.getLocalPort(), "/_mirror/ping").statusCode()).isEqualTo(200);
    } finally {
      node.after();
    }
  }

  @Test
  void validatesItsSettings() {
    ServeFactory factory = new ServeFactory();
    assertThat(factory.enabled).isTrue();
    assertThat(Validators.newValidator().validate(factory)).isEmpty();
    factory.maxCachedEntries = -1;
    assertThat(Validators.newValidator().validate(factory)).hasSize(1);
  }

  @Test
  void theMirrorApiIsNotPartOfTheRepository() {
    assertThat(ServeFactory.isRepositoryPath("/_mirror/status")).isFalse();
    assertThat(ServeFactory.isRepositoryPath("/_mirror")).isFalse();
    assertThat(ServeFactory.isRepositoryPath("/_mirrors/x")).isTrue();
    assertThat(ServeFactory.isRepositoryPath("/distri/")).isTrue();
  }

  /** The fixture's {@code distri/} is the synced module: the snapshot served at /distri/. */
  private void publishFixture() throws Exception {
    Path fixture = mirror.resolve("fixture");
    Files.createDirectories(fixture);
    ServeFixture.write(fixture);
    Files.createSymbolicLink(mirror.resolve("current"), Path.of("fixture/distri"));
  }

  private static HttpResponse<byte[]> get(int port, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
