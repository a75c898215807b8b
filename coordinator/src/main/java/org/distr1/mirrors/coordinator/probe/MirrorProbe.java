package org.distr1.mirrors.coordinator.probe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.distr1.mirrors.coordinator.http.ConnectFailures;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.eclipse.jetty.util.URIUtil;

/**
 * The coordinator's one look at a mirror over HTTP, shared by the health prober ({@link Prober})
 * and the registry's periodic verification: its freshness file, whether it holds a file of the
 * origin's length, a file fetched with a given {@code Accept-Encoding} (its coding, length and
 * digest), an index against the digest its node reported. What to make of an answer (how old is too
 * old, which coding is required) is the caller's.
 *
 * <p>Every future completes normally: a failure is a {@link Look} with a short phrase for people
 * (the public mirror list and check results show it), never the mirror's bytes or Java's exception
 * text. The client connects only to public addresses ({@code http.HttpClientFactory}).
 */
public final class MirrorProbe {

  private final CloseableHttpAsyncClient http;
  private final String upstreamHost;

  /**
   * @param http the coordinator's one outgoing client, started by its owner
   * @param upstreamHost whose freshness file mirrors publish ({@code origin.upstreamHost})
   */
  public MirrorProbe(CloseableHttpAsyncClient http, String upstreamHost) {
    this.http = http;
    this.upstreamHost = FreshnessFile.validateHost(upstreamHost);
  }

  /**
   * What one look saw.
   *
   * @param value what was seen, null on failure
   * @param failure why the look failed, in a few words; null when it did not
   */
  public record Look<T>(T value, String failure) {
    public static <T> Look<T> seen(T value) {
      return new Look<>(value, null);
    }

    public static <T> Look<T> failed(String why) {
      return new Look<>(null, why);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * A file fetched whole.
   *
   * @param url what was asked for
   * @param contentEncoding the answer's coding, null for identity
   * @param length bytes as sent (encoded)
   * @param sha256 lower-case hex SHA-256 of those bytes
   */
  public record Fetched(String url, String contentEncoding, long length, String sha256) {}

  /** A base URL as enrolled, with the {@code /} that relative paths resolve against. */
  public static URI base(String baseUrl) {
    return URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
  }

  /** {@code GET} of the base URL: anything but a server error counts as reachable. */
  public CompletableFuture<Look<Integer>> reachable(URI base) {
    String url = base.toString();
    return execute(SimpleRequestBuilder.get(url).build())
        .thenApply(
            response ->
                response.getCode() < 500
                    ? Look.seen(response.getCode())
                    : Look.<Integer>failed("GET " + url + " answered HTTP " + response.getCode()))
        .exceptionally(error -> Look.failed("GET " + url + ": " + ConnectFailures.describe(error)));
  }

  /** The sync start the mirror's freshness file holds. */
  public CompletableFuture<Look<Instant>> freshness(URI base) {
    String url = base + FreshnessFile.urlPath(upstreamHost).substring(1);
    return execute(SimpleRequestBuilder.get(url).build())
        .thenApply(
            response -> {
              if (response.getCode() != 200) {
                return Look.<Instant>failed("freshness file answered HTTP " + response.getCode());
              }
              byte[] body = response.getBodyBytes();
              try {
                return Look.seen(
                    FreshnessFile.parse(
                        body == null ? "" : new String(body, StandardCharsets.US_ASCII)));
              } catch (IllegalArgumentException e) {
                // the parser quotes what it read: the mirror's bytes, not for the public list
                return Look.<Instant>failed("freshness file does not hold a UNIX time");
              }
            })
        .exceptionally(error -> Look.failed(ConnectFailures.describe(error)));
  }

  /** {@code HEAD} of an origin file: the mirror must answer 200 with the origin's length. */
  public CompletableFuture<Look<Long>> holds(URI base, OriginFile expected) {
    String url = url(base, expected.path());
    return execute(SimpleRequestBuilder.head(url).build())
        .thenApply(
            head -> {
              if (head.getCode() != 200) {
                return Look.<Long>failed(
                    "HEAD "
                        + url
                        + " answered HTTP "
                        + head.getCode()
                        + " (the mirror claims a sync that holds it)");
              }
              Header length = head.getFirstHeader("Content-Length");
              if (length != null && !length.getValue().equals(Long.toString(expected.size()))) {
                return Look.<Long>failed(
                    "HEAD "
                        + url
                        + " answered another length than the origin's "
                        + expected.size()
                        + " bytes");
              }
              return Look.seen(expected.size());
            })
        .exceptionally(error -> Look.failed(ConnectFailures.describe(error)));
  }

  /**
   * {@code GET} of a repository path with {@code acceptEncoding} (null: none sent); only a 200
   * counts.
   *
   * @param path below the module directory's parent, e.g. {@code distri/pkg/meta.binaryproto}
   */
  public CompletableFuture<Look<Fetched>> fetch(URI base, String path, String acceptEncoding) {
    String url = url(base, path);
    SimpleRequestBuilder request = SimpleRequestBuilder.get(url);
    if (acceptEncoding != null) {
      request.setHeader("Accept-Encoding", acceptEncoding);
    }
    String asked = acceptEncoding == null ? "" : " (Accept-Encoding: " + acceptEncoding + ")";
    return execute(request.build())
        .thenApply(
            response -> {
              if (response.getCode() != 200) {
                return Look.<Fetched>failed(
                    "GET " + url + asked + " answered HTTP " + response.getCode());
              }
              Header header = response.getFirstHeader("Content-Encoding");
              String coding = header == null ? null : header.getValue().strip();
              if (coding != null && (coding.isEmpty() || coding.equalsIgnoreCase("identity"))) {
                coding = null;
              }
              byte[] body = response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes();
              return Look.seen(new Fetched(url, coding, body.length, sha256(body)));
            })
        .exceptionally(error -> Look.failed("GET " + url + ": " + ConnectFailures.describe(error)));
  }

  /**
   * An index as the mirror serves it (identity) against the digest its node reported.
   *
   * @param reported {@code sha256:<hex>}, as routing keeps the node's report
   */
  public CompletableFuture<Look<String>> index(URI base, String path, String reported) {
    return fetch(base, path, "identity")
        .thenApply(
            look -> {
              if (!look.ok()) {
                return Look.<String>failed(look.failure());
              }
              String served = ReleaseIndex.tagged(look.value().sha256());
              return served.equals(reported)
                  ? Look.seen(served)
                  : Look.<String>failed(
                      "GET " + look.value().url() + " is not the index its node reported");
            });
  }

  private static String url(URI base, String path) {
    return base + URIUtil.encodePath(path.startsWith("/") ? path.substring(1) : path);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private CompletableFuture<SimpleHttpResponse> execute(SimpleHttpRequest request) {
    CompletableFuture<SimpleHttpResponse> future = new CompletableFuture<>();
    http.execute(
        request,
        new FutureCallback<>() {
          @Override
          public void completed(SimpleHttpResponse response) {
            future.complete(response);
          }

          @Override
          public void failed(Exception e) {
            future.completeExceptionally(e);
          }

          @Override
          public void cancelled() {
            future.completeExceptionally(new CancellationException("cancelled"));
          }
        });
    return future;
  }
}
