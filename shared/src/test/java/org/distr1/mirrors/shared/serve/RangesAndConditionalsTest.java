package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.shared.serve.ServeFixture.BOTH;
import static org.distr1.mirrors.shared.serve.ServeFixture.EMPTY;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranges (always on identity bytes) and conditional requests over real HTTP. */
class RangesAndConditionalsTest {
  private static final int SIZE = 200 * 1024;
  @TempDir static Path base;
  static ServedTree tree;
  static byte[] original;

  @BeforeAll
  static void serve() throws Exception {
    tree = new ServedTree(base);
    original = tree.original(BOTH);
  }

  @AfterAll
  static void stop() throws Exception {
    tree.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bytes=0-99, 0, 99",
    "bytes=1000-1999, 1000, 1999",
    "bytes=-500, 204300, 204799",
    "bytes=204000-, 204000, 204799",
    "bytes=204000-999999, 204000, 204799",
    "bytes=0-0, 0, 0",
    "'bytes=0-10,5-20', 0, 20",
  })
  void servesSingleRangesOfTheIdentityBytesEvenWhenCompressionIsAccepted(
      String range, int first, int last) throws Exception {
    HttpResponse<byte[]> response =
        tree.get("/" + BOTH, "Accept-Encoding", "zstd, gzip", "Range", range);
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.headers().firstValue("Content-Range"))
        .hasValue("bytes " + first + "-" + last + "/" + SIZE);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(last - first + 1);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(original, first, last + 1));
  }

  @ParameterizedTest
  @CsvSource({"bytes=204800-", "bytes=300000-300010", "bytes=-0"})
  void unsatisfiableRangesGet416WithTheLength(String range) throws Exception {
    HttpResponse<byte[]> response = tree.get("/" + BOTH, "Range", range);
    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
    assertThat(tree.get("/" + EMPTY, "Range", "bytes=0-").headers().firstValue("Content-Range"))
        .hasValue("bytes */0");
  }

  @ParameterizedTest
  @CsvSource({"bytes=abc", "items=0-5", "bytes=5-1", "'bytes=0-1,4-5'"})
  void malformedOrMultipleRangesAreIgnored(String range) throws Exception {
    HttpResponse<byte[]> response = tree.get("/" + BOTH, "Range", range);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(original);
  }

  @Test
  void aRangeRefusingIdentityGetsTheWholeCompressedBody() throws Exception {
    HttpResponse<byte[]> response =
        tree.get("/" + BOTH, "Accept-Encoding", "zstd, identity;q=0", "Range", "bytes=0-9");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("zstd");
    assertThat(NegotiationTest.decode("zstd", response.body())).isEqualTo(original);
  }

  @Test
  void ifRangeHonoursTheRangeOnlyForTheCurrentRepresentation() throws Exception {
    HttpResponse<byte[]> identity = tree.head("/" + BOTH);
    String etag = identity.headers().firstValue("ETag").orElseThrow();
    String lastModified = identity.headers().firstValue("Last-Modified").orElseThrow();

    assertThat(tree.get("/" + BOTH, "Range", "bytes=0-9", "If-Range", etag).statusCode())
        .isEqualTo(206);
    assertThat(tree.get("/" + BOTH, "Range", "bytes=0-9", "If-Range", lastModified).statusCode())
        .isEqualTo(206);

    HttpResponse<byte[]> changedTag =
        tree.get("/" + BOTH, "Range", "bytes=0-9", "If-Range", "\"something-else\"");
    assertThat(changedTag.statusCode()).isEqualTo(200);
    assertThat(changedTag.body()).isEqualTo(original);
    assertThat(tree.get("/" + BOTH, "Range", "bytes=0-9", "If-Range", "W/" + etag).statusCode())
        .isEqualTo(200);
    String otherDate =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ServeFixture.MTIME.minusSeconds(5).atZone(ZoneOffset.UTC));
    assertThat(tree.get("/" + BOTH, "Range", "bytes=0-9", "If-Range", otherDate).statusCode())
        .isEqualTo(200);
  }

  @Test
  void ifNoneMatchAnswers304PerVariant() throws Exception {
    String zstd =
        tree.get("/" + BOTH, "Accept-Encoding", "zstd").headers().firstValue("ETag").orElseThrow();
    String gzip =
        tree.get("/" + BOTH, "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> notModified =
        tree.get("/" + BOTH, "Accept-Encoding", "zstd", "If-None-Match", zstd);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().firstValue("ETag")).hasValue(zstd);
    assertThat(notModified.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    // RFC 9110 8.6: a 304 may carry Content-Length only as the 200's length, never 0
    String length =
        tree.get("/" + BOTH, "Accept-Encoding", "zstd")
            .headers()
            .firstValue("Content-Length")
            .orElseThrow();
    notModified
        .headers()
        .firstValue("Content-Length")
        .ifPresent(value -> assertThat(value).as("Content-Length of the 304").isEqualTo(length));
    tree.get(
            "/" + BOTH,
            "If-Modified-Since",
            notModified.headers().firstValue("Last-Modified").orElseThrow())
        .headers()
        .firstValue("Content-Length")
        .ifPresent(value -> assertThat(value).isNotEqualTo("0"));

    assertThat(tree.get("/" + BOTH, "Accept-Encoding", "zstd", "If-None-Match", gzip).statusCode())
        .isEqualTo(200);
    assertThat(
            tree.get("/" + BOTH, "Accept-Encoding", "zstd", "If-None-Match", "\"x\", " + zstd)
                .statusCode())
        .isEqualTo(304);
    assertThat(
            tree.get("/" + BOTH, "Accept-Encoding", "zstd", "If-None-Match", "W/" + zstd)
                .statusCode())
        .isEqualTo(304);
    assertThat(tree.get("/" + BOTH, "If-None-Match", "*").statusCode()).isEqualTo(304);
    assertThat(tree.head("/" + BOTH, "Accept-Encoding", "gzip", "If-None-Match", gzip).statusCode())
        .isEqualTo(304);
  }

  @Test
  void ifModifiedSinceAnswers304UnlessIfNoneMatchIsPresent() throws Exception {
    String lastModified = tree.head("/" + BOTH).headers().firstValue("Last-Modified").orElseThrow();
    String earlier =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ServeFixture.MTIME.minusSeconds(1).atZone(ZoneOffset.UTC));
    String later =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ServeFixture.MTIME.plusSeconds(3600).atZone(ZoneOffset.UTC));

    assertThat(tree.get("/" + BOTH, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    assertThat(tree.get("/" + BOTH, "If-Modified-Since", later).statusCode()).isEqualTo(304);
    assertThat(tree.get("/" + BOTH, "If-Modified-Since", earlier).statusCode()).isEqualTo(200);
    assertThat(tree.get("/" + BOTH, "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
    // If-None-Match is evaluated first: a non-matching tag means 200 whatever the date says
    assertThat(
            tree.get("/" + BOTH, "If-None-Match", "\"old\"", "If-Modified-Since", lastModified)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void ifMatchAndIfUnmodifiedSinceFailWith412() throws Exception {
    String etag = tree.head("/" + BOTH).headers().firstValue("ETag").orElseThrow();
    String earlier =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ServeFixture.MTIME.minusSeconds(1).atZone(ZoneOffset.UTC));
    assertThat(tree.get("/" + BOTH, "If-Match", "\"other\"").statusCode()).isEqualTo(412);
    assertThat(tree.get("/" + BOTH, "If-Match", etag).statusCode()).isEqualTo(200);
    assertThat(tree.get("/" + BOTH, "If-Unmodified-Since", earlier).statusCode()).isEqualTo(412);
  }
}
