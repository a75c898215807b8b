package org.distr1.mirrors.coordinator.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.Header;
import org.distr1.mirrors.coordinator.http.ConnectFailures;
import org.distr1.mirrors.shared.api.DiskRequirement;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.text.Human;

/**
 * The published mirror requirements, checked against a live mirror: reachable, a recent freshness
 * file, zstd and gzip transport compression of a known file with the origin's exact lengths, and
 * enough disk as reported. Every check says what it saw, also when it passes.
 */
final class MirrorChecks {

  static final String REACHABLE = "reachable";
  static final String FRESHNESS = "freshness";
  static final String ZSTD = "zstd";
  static final String GZIP = "gzip";
  static final String IDENTITY_LENGTH = "identity_length";
  static final String DISK = "disk";

  private final CloseableHttpAsyncClient http;
  private final VerificationFactory config;
  private final Path originRoot;
  private final String upstreamHost;
  private final Clock clock;
  private final long timeoutMillis;

  MirrorChecks(
      CloseableHttpAsyncClient http,
      VerificationFactory config,
      Path originRoot,
      String upstreamHost,
      Clock clock,
      long timeoutMillis) {
    this.http = http;
    this.config = config;
    this.originRoot = originRoot;
    this.upstreamHost = upstreamHost;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
  }

  List<CheckRow> run(MirrorRecord mirror, Long reportedDiskBytes) {
    Instant now = clock.instant();
    List<CheckRow> results = new ArrayList<>();
    Outcome reachable = reachable(mirror.baseUrl());
    results.add(row(mirror, REACHABLE, reachable, now));
    if (reachable.passed()) {
      results.add(row(mirror, FRESHNESS, freshness(mirror.baseUrl(), now), now));
      Path origin = originRoot.resolve(config.getProbeFile());
      results.add(
          row(
              mirror,
              ZSTD,
              encoded(mirror.baseUrl(), "zstd, gzip", "zstd", sibling(origin, ".zst")),
              now));
      results.add(
          row(
              mirror,
              GZIP,
              encoded(mirror.baseUrl(), "gzip", "gzip", sibling(origin, ".gz")),
              now));
      results.add(
          row(mirror, IDENTITY_LENGTH, encoded(mirror.baseUrl(), "identity", null, origin), now));
    } else {
      for (String check : List.of(FRESHNESS, ZSTD, GZIP, IDENTITY_LENGTH)) {
        results.add(
            row(mirror, check, Outcome.fail("not checked: the mirror is not reachable"), now));
      }
    }
    results.add(row(mirror, DISK, disk(reportedDiskBytes), now));
    return results;
  }

  private static CheckRow row(MirrorRecord mirror, String check, Outcome outcome, Instant now) {
    String reason =
        outcome.reason().length() > 1000
            ? outcome.reason().substring(0, 997) + "..."
            : outcome.reason();
    return new CheckRow(mirror.id(), check, outcome.passed(), reason, now);
  }

  private Outcome reachable(String baseUrl) {
    try {
      SimpleHttpResponse response = get(baseUrl + "/", null);
      return response.getCode() < 500
          ? Outcome.pass("GET " + baseUrl + "/ answered " + response.getCode())
          : Outcome.fail("GET " + baseUrl + "/ answered " + response.getCode());
    } catch (IOException e) {
      return Outcome.fail("GET " + baseUrl + "/ failed: " + e.getMessage());
    }
  }

  private Outcome freshness(String baseUrl, Instant now) {
    String url = baseUrl + "/" + FreshnessFile.urlPath(upstreamHost).replaceFirst("^/", "");
    try {
      SimpleHttpResponse response = get(url, null);
      if (response.getCode() != 200) {
        return Outcome.fail("GET " + url + " answered " + response.getCode());
      }
      byte[] body = response.getBodyBytes();
      Instant syncStart =
          FreshnessFile.parse(
              new String(body == null ? new byte[0] : body, StandardCharsets.US_ASCII));
      Duration age = Duration.between(syncStart, now);
      Duration max = Duration.ofMillis(config.getMaxSyncAge().toMilliseconds());
      if (age.compareTo(max) > 0) {
        return Outcome.fail(
            "last sync started "
                + syncStart
                + ", "
                + age.toHours()
                + " h ago (more than "
                + max.toHours()
                + " h)");
      }
      if (age.isNegative() && age.abs().toMinutes() > 5) {
        return Outcome.fail(
            "last sync start " + syncStart + " lies in the future; is the mirror's clock right?");
      }
      return Outcome.pass("last sync started " + syncStart + " (" + age.toMinutes() + " min ago)");
    } catch (IOException e) {
      return Outcome.fail("freshness file " + url + " unusable: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // the parser quotes what it read; the mirror's bytes are not repeated to anyone
      return Outcome.fail("freshness file " + url + " does not hold a UNIX time");
    }
  }

  /**
   * GET the probe file with {@code acceptEncoding}; expect {@code encoding} and the origin's
   * length.
   */
  private Outcome encoded(String baseUrl, String acceptEncoding, String encoding, Path originFile) {
    String url = baseUrl + "/" + RepositoryPath.MODULE_DIRECTORY + "/" + config.getProbeFile();
    long expected;
    try {
      expected = Files.size(originFile);
    } catch (IOException e) {
      return Outcome.fail(
          "coordinator misconfigured: cannot read " + originFile + " at the origin");
    }
    try {
      SimpleHttpResponse response = get(url, acceptEncoding);
      if (response.getCode() != 200) {
        return Outcome.fail(
            "GET "
                + url
                + " (Accept-Encoding: "
                + acceptEncoding
                + ") answered "
                + response.getCode());
      }
      Header header = response.getFirstHeader("Content-Encoding");
      String got = header == null ? null : header.getValue().strip();
      boolean rightEncoding =
          encoding == null
              ? got == null || got.equalsIgnoreCase("identity")
              : encoding.equalsIgnoreCase(got);
      if (!rightEncoding) {
        return Outcome.fail(
            "Accept-Encoding: "
                + acceptEncoding
                + " got Content-Encoding: "
                + shown(got)
                + ", expected "
                + (encoding == null ? "none" : encoding));
      }
      long length = response.getBodyBytes() == null ? 0 : response.getBodyBytes().length;
      if (length != expected) {
        return Outcome.fail(
            (encoding == null ? "identity" : encoding)
                + " body is "
                + length
                + " bytes, the origin's is "
                + expected);
      }
      return Outcome.pass(
          (encoding == null ? "identity" : encoding) + ", " + length + " bytes as at the origin");
    } catch (IOException e) {
      return Outcome.fail("GET " + url + " failed: " + e.getMessage());
    }
  }

  /** {@link DiskRequirement}, as the node's own health check applies it. */
  private Outcome disk(Long availableBytes) {
    DiskRequirement requirement = new DiskRequirement(config.getMinDisk().toBytes());
    if (availableBytes == null) {
      return Outcome.fail("the node has not reported its disk yet");
    }
    String seen =
        "reported disk: "
            + Human.bytes(availableBytes)
            + " available to the mirror (what its tree uses plus what is free)";
    return requirement.metBy(availableBytes)
        ? Outcome.pass(seen)
        : Outcome.fail(seen + ", below the required " + Human.bytes(requirement.minBytes()));
  }

  /** A coding name as the mirror sent it when it is a plain token, else not repeated. */
  private static String shown(String coding) {
    if (coding == null) {
      return "none";
    }
    return coding.matches("[A-Za-z0-9._-]{1,32}") ? coding : "an unrecognized value";
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private SimpleHttpResponse get(String url, String acceptEncoding) throws IOException {
    SimpleRequestBuilder builder = SimpleRequestBuilder.get(url);
    if (acceptEncoding != null) {
      builder.setHeader("Accept-Encoding", acceptEncoding);
    }
    SimpleHttpRequest request = builder.build();
    try {
      return http.execute(request, null).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(ConnectFailures.describe(e), e);
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + timeoutMillis + " ms", e);
    }
  }

  record Outcome(boolean passed, String reason) {
    static Outcome pass(String reason) {
      return new Outcome(true, reason);
    }

    static Outcome fail(String reason) {
      return new Outcome(false, reason);
    }
  }
}
