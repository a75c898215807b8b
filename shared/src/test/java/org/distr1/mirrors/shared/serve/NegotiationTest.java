package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.shared.serve.ServeFixture.BOTH;
import static org.distr1.mirrors.shared.serve.ServeFixture.GZ_ONLY;
import static org.distr1.mirrors.shared.serve.ServeFixture.PLAIN;
import static org.distr1.mirrors.shared.serve.ServeFixture.STALE;
import static org.distr1.mirrors.shared.serve.ServeFixture.TEXT;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The negotiation matrix over real HTTP: which representation, its headers, its bytes. */
class NegotiationTest {
  @TempDir static Path base;
  static ServedTree tree;

  @BeforeAll
  static void serve() throws Exception {
    tree = new ServedTree(base);
  }

  @AfterAll
  static void stop() throws Exception {
    tree.close();
  }

  @ParameterizedTest(name = "{0} with Accept-Encoding [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        BOTH + "|zstd, gzip|zstd",
        BOTH + "|gzip|gzip",
        BOTH + "|identity|identity",
        BOTH + "|zstd;q=0, gzip|gzip",
        BOTH + "|*|zstd",
        BOTH + "|identity;q=0|406",
        BOTH + "|gzip;q=0.5, zstd;q=0.4|gzip",
        BOTH + "|gzip;q=0.5, zstd;q=0.5|zstd",
        BOTH + "|GZIP|gzip",
        BOTH + "|x-gzip|gzip",
        BOTH + "|br|identity",
        BOTH + "|NONE|identity",
        BOTH + "|*;q=0|406",
        BOTH + "|*;q=0, identity|identity",
        BOTH + "|zstd;q=0, *|gzip",
        BOTH + "|zstd;q=0, gzip;q=0, identity;q=0|406",
        BOTH + "|gzip;q=0.1, identity;q=0.9|identity",
        // blanks around '=' break the grammar: that member is ignored, not the request refused
        BOTH + "|gzip; q = 0.5|identity",
        BOTH + "|zstd, gzip; q = 0.5|zstd",
        BOTH + "|gzip; q = 0.5, identity;q=0|406",
        TEXT + "|zstd, gzip|zstd",
        GZ_ONLY + "|zstd, gzip|gzip",
        GZ_ONLY + "|zstd|identity",
        GZ_ONLY + "|zstd, identity;q=0|406",
        STALE + "|zstd, gzip|identity",
        STALE + "|zstd|identity",
        PLAIN + "|zstd, gzip|identity",
        PLAIN + "|*|identity",
      })
  void choosesTheRepresentation(String path, String acceptEncoding, String expected)
      throws Exception {
    HttpResponse<byte[]> response =
        acceptEncoding == null
            ? tree.get("/" + path)
            : tree.get("/" + path, "Accept-Encoding", acceptEncoding);
    if (expected.equals("406")) {
      assertThat(response.statusCode()).isEqualTo(406);
      assertThat(new String(response.body())).contains("not_acceptable");
      return;
    }
    assertThat(response.statusCode()).isEqualTo(200);
    String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
    assertThat(encoding).isEqualTo(expected);
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(response.body().length);
    assertThat(decode(encoding, response.body())).isEqualTo(tree.original(path));
  }

  @Test
  void variesOnEveryAnswerForANegotiableResource() throws Exception {
    String path = "/" + BOTH;
    HttpResponse<byte[]> zstd = tree.get(path, "Accept-Encoding", "zstd");
    for (HttpResponse<byte[]> response :
        Set.of(
            zstd,
            tree.get(path, "Accept-Encoding", "gzip"),
            tree.get(path),
            tree.head(path, "Accept-Encoding", "zstd"),
            tree.get(path, "Accept-Encoding", "zstd", "Range", "bytes=0-9"),
            tree.get(path, "Accept-Encoding", "identity;q=0"),
            tree.get(
                path,
                "Accept-Encoding",
                "zstd",
                "If-None-Match",
                zstd.headers().firstValue("ETag").orElseThrow()))) {
      assertThat(response.headers().allValues("Vary"))
          .as("status %d", response.statusCode())
          .containsExactly("Accept-Encoding");
    }
    assertThat(tree.get("/" + PLAIN, "Accept-Encoding", "zstd").headers().firstValue("Vary"))
        .isEmpty();
  }

  @Test
  void eachVariantHasItsOwnStableStrongETag() throws Exception {
    Set<String> etags = new HashSet<>();
    for (String encoding : new String[] {"zstd", "gzip", "identity"}) {
      String first =
          tree.get("/" + BOTH, "Accept-Encoding", encoding)
              .headers()
              .firstValue("ETag")
              .orElseThrow();
      String again =
          tree.head("/" + BOTH, "Accept-Encoding", encoding)
              .headers()
              .firstValue("ETag")
              .orElseThrow();
      assertThat(again).isEqualTo(first);
      assertThat(first).startsWith("\"").endsWith("\"").doesNotContain("--");
      etags.add(first);
    }
    assertThat(etags).hasSize(3);
  }

  @Test
  void typeComesFromTheOriginalNameAndSiblingsAreServedAsPlainFiles() throws Exception {
    HttpResponse<byte[]> text = tree.get("/" + TEXT, "Accept-Encoding", "zstd");
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    assertThat(text.headers().firstValue("Content-Encoding")).hasValue("zstd");
    assertThat(tree.get("/" + BOTH, "Accept-Encoding", "gzip").headers().firstValue("Content-Type"))
        .hasValue("application/octet-stream");

    HttpResponse<byte[]> sibling = tree.get("/" + BOTH + ".zst", "Accept-Encoding", "zstd, gzip");
    assertThat(sibling.statusCode()).isEqualTo(200);
    assertThat(sibling.headers().firstValue("Content-Type")).hasValue("application/zstd");
    assertThat(sibling.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(sibling.body()).isEqualTo(tree.original(BOTH + ".zst"));
    assertThat(tree.get("/" + BOTH + ".gz").headers().firstValue("Content-Type"))
        .hasValue("application/gzip");
  }

  @ParameterizedTest
  @CsvSource({"zstd, gzip", "gzip", "identity"})
  void headSendsTheHeadersOfGetWithoutBody(String acceptEncoding) throws Exception {
    HttpResponse<byte[]> get = tree.get("/" + BOTH, "Accept-Encoding", acceptEncoding);
    HttpResponse<byte[]> head = tree.head("/" + BOTH, "Accept-Encoding", acceptEncoding);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String name :
        new String[] {
          "Content-Length",
          "Content-Type",
          "Content-Encoding",
          "ETag",
          "Last-Modified",
          "Vary",
          "Accept-Ranges"
        }) {
      assertThat(head.headers().allValues(name)).as(name).isEqualTo(get.headers().allValues(name));
    }
  }

  static byte[] decode(String encoding, byte[] body) throws IOException {
    return switch (encoding) {
      case "zstd" -> Zstd.decompress(body, (int) Zstd.getFrameContentSize(body));
      case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
      default -> body;
    };
  }
}
