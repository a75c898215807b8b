package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.shared.serve.ServeFixture.BOTH;
import static org.distr1.mirrors.shared.serve.ServeFixture.STALE;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.http.CompressedContentFormat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what Jetty 12.1's own {@code ResourceService} (behind {@link ResourceHandler}) does with
 * precompressed siblings, i.e. why {@link PrecompressedFileHandler} exists. If an upgrade makes one
 * of these fail, Jetty changed and the hand-written part may be replaceable.
 */
class JettyResourceServiceTest {
  @TempDir static Path base;
  static Server server;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void serve() throws Exception {
    Path root = base.resolve("tree");
    Files.createDirectories(root);
    ServeFixture.write(root);
    ResourceHandler handler = new ResourceHandler();
    handler.setBaseResource(ResourceFactory.root().newResource(root));
    handler.setPrecompressedFormats(
        List.of(new CompressedContentFormat("zstd", ".zst"), CompressedContentFormat.GZIP));
    handler.setEtags(true);
    server = ServeFixture.start(handler);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void whatItGetsRight() throws Exception {
    assertThat(encoding(get(BOTH, "Accept-Encoding", "zstd, gzip"))).isEqualTo("zstd");
    assertThat(encoding(get(BOTH, "Accept-Encoding", "gzip;q=0.5, zstd;q=0.4"))).isEqualTo("gzip");
    assertThat(encoding(get(BOTH, "Accept-Encoding", "zstd;q=0, gzip"))).isEqualTo("gzip");
    assertThat(get(BOTH, "Accept-Encoding", "zstd").headers().firstValue("Vary"))
        .hasValue("Accept-Encoding");
  }

  @Test
  void servesASiblingWhoseMtimeDiffersFromTheOriginal() throws Exception {
    assertThat(encoding(get(STALE, "Accept-Encoding", "zstd"))).isEqualTo("zstd");
  }

  @Test
  void appliesRangesToTheCompressedBytes() throws Exception {
    HttpResponse<byte[]> response = get(BOTH, "Accept-Encoding", "zstd", "Range", "bytes=0-9");
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(encoding(response)).isEqualTo("zstd");
  }

  @Test
  void omitsVaryOn304AndUsesWeakETagsSharedAcrossVariants() throws Exception {
    HttpResponse<byte[]> zstd = get(BOTH, "Accept-Encoding", "zstd");
    String etag = zstd.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("W/");
    HttpResponse<byte[]> notModified = get(BOTH, "Accept-Encoding", "zstd", "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.headers().firstValue("Vary")).isEmpty();
    // the gzip variant's tag revalidates the zstd one (suffixes are stripped before matching)
    String gzipTag =
        get(BOTH, "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();
    assertThat(get(BOTH, "Accept-Encoding", "zstd", "If-None-Match", gzipTag).statusCode())
        .isEqualTo(304);
  }

  @Test
  void neverAnswers406AndLetsStarOverrideARefusal() throws Exception {
    HttpResponse<byte[]> refused = get(BOTH, "Accept-Encoding", "identity;q=0");
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(encoding(refused)).isEqualTo("identity");
    assertThat(encoding(get(BOTH, "Accept-Encoding", "zstd;q=0, *"))).isEqualTo("zstd");
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ServeFixture.port(server) + "/" + path))
            .headers(headers)
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String encoding(HttpResponse<byte[]> response) {
    return response.headers().firstValue("Content-Encoding").orElse("identity");
  }
}
