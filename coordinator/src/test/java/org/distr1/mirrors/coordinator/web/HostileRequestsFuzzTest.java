package org.distr1.mirrors.coordinator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.AppDatabase;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile requests against a running coordinator on loopback, from a fixed seed: every answer is
 * below 500, none shows a stack trace or a Java class name, and every refusal leaves the database
 * as it was. Bounded in count and time, so a slow machine runs fewer requests rather than long.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileRequestsFuzzTest {

  static final long SEED = 15_2026L;
  static final int REQUESTS = 600;
  static final Duration BUDGET = Duration.ofSeconds(90);

  static final Path DATA = TestCoordinator.newDataDir();
  static final Path ORIGIN = sample(DATA.resolve("origin"));
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA,
          ConfigOverride.config("origin.root", ORIGIN.toString()),
          ConfigOverride.config("registry.enrollmentBurst", "1000000"));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Names of exceptions or frames of a stack trace, in any answer. */
  static final Pattern LEAK =
      Pattern.compile(
          "Exception|\\bat (java|org|com|jakarta|io)\\.|java\\.(lang|io|util)|com\\.fasterxml|org\\.eclipse|jakarta\\.");

  static AppDatabase db;
  static Jdbi jdbi;
  static String maintainer;

  static Path sample(Path root) {
    try {
      SampleRepository.generate(root);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void setUp() {
    db = AppDatabase.open(DATA);
    jdbi = db.jdbi();
    maintainer = db.maintainerToken("alice");
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  static final String[] PATHS = {
    "/api/v1/mirrors",
    "/api/v1/mirrors/1",
    "/api/v1/mirrors/{id}",
    "/api/v1/mirrors/{id}/reports",
    "/api/v1/mirrors/{id}/token",
    "/api/v1/mirrors/{id}/pause",
    "/api/v1/admin/mirrors",
    "/api/v1/admin/mirrors/{id}/approve",
    "/api/v1/admin/mirrors/{id}/score",
    "/api/v1/admin/mirrors/{id}/disable",
    "/api/v1/admin/mirrors/{id}",
    "/api/v1/admin/audit",
    "/api/v1/admin/allowlist",
    "/api/v1/admin/allowlist/{id}",
    "/api/v1/admin/allowlist/export/{id}",
    "/api/v1/admin/maintainers/{id}/token",
    "/distri/",
    "/distri/{id}",
    "/",
    "/api/{id}",
  };
  static final String[] IDS = {
    "1", "0", "-1", "99999999999999999999", "9223372036854775807", "abc", "%00", "%2e%2e", "..",
    "1;x", "1%2f2", "text", "rsyncd", "json", "%ff%fe", "1.5", "1e3",
        "supersilverhaze/pkg/meta.binaryproto",
  };
  static final String[] TOKENS = {
    null,
    "dmo_1.x",
    "dmm_1.x",
    "dma_1.x",
    "dmo_99999999999999999999.x",
    "dmo_.x",
    "dmm_",
    "Bearer",
    "dmo_1.",
    "dmo_-1.x",
    "x".repeat(5000),
    "dmo_1.\u00e9",
    "MAINTAINER",
  };
  static final String[] ACCEPT_ENCODINGS = {
    "gzip; q = 0.5",
    "zstd;q=abc",
    "gzip;q=2",
    "*;q=-1",
    ",,,",
    "gzip;;q=0.5",
    "identity;q=0, *;q=0",
    "gzip; q=\"0.5\"",
    "zstd, gzip",
    "\u0000",
  };
  static final String[] BODIES = {
    "null",
    "",
    "[]",
    "{}",
    "5",
    "\"x\"",
    "{\"name\":",
    "{\"adminScore\": null}",
    "{\"adminScore\": 1.5}",
    "{\"adminScore\": \"150\"}",
    "{\"adminScore\": 99999999999999999999}",
    "{\"reason\": 5}",
    "{\"cidr\": \"2002:7f00::/24\"}",
    "{\"cidr\": \"64:ff9b::7f00:1\"}",
    "{\"cidr\": \"198.18.0.1\"}",
    "{\"cidr\": null}",
    "{\"cidr\": [\"192.0.2.1\"]}",
    "{\"expiresAt\": \"yesterday\", \"cidr\": \"192.0.2.9\"}",
    "{\"name\": 5, \"baseUrl\": \"http://mirror.example/\"}",
    "{\"name\": \"m\", \"baseUrl\": \"http://mirror.example:99999/\", \"contactEmail\": \"a@example.org\","
        + " \"bandwidthMbps\": 10000, \"rsyncSources\": [\"192.0.2.1\"]}",
    "{\"name\": \"m\", \"baseUrl\": \"http://127.0.0.1/\", \"contactEmail\": \"a@example.org\","
        + " \"bandwidthMbps\": 10000, \"rsyncSources\": [\"198.18.0.1\"]}",
    "{\"name\": \"m\", \"baseUrl\": \"http://mirror.example/%2e%2e/\", \"contactEmail\": \"a@example.org\","
        + " \"bandwidthMbps\": \"10000\", \"rsyncSources\": [\"192.0.2.1\"], \"extra\": 1}",
    "[".repeat(5000),
    "{\"a\":".repeat(3000),
    "\"\\ud800\"",
    "{\"nodeTime\": \"+1000000000-01-01T00:00:00Z\"}",
  };

  @Test
  void hostileRequestsGetA4xxWithoutLeaksAndChangeNothing() throws Exception {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET.toNanos();
    String base = "http://127.0.0.1:" + APP.getLocalPort();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    int staleConnections = 0;
    for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
      String method = pick(random, METHODS);
      String path = pick(random, PATHS).replace("{id}", pick(random, IDS));
      if (random.nextInt(4) == 0) {
        path +=
            "?"
                + pick(
                    random,
                    new String[] {
                      "access_token=dmm_1.x", "mirrorlist", "subject=%00", "a=b&&&", "x=%zz"
                    });
      }
      HttpRequest.Builder request;
      try {
        request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      } catch (IllegalArgumentException e) {
        continue; // the client itself refuses to send it; nothing reached the server
      }
      String token = pick(random, TOKENS);
      if ("MAINTAINER".equals(token)) {
        token = maintainer;
      }
      if (token != null) {
        request.header("Authorization", random.nextInt(5) == 0 ? token : "Bearer " + token);
      }
      if (random.nextBoolean()) {
        request.header("Accept-Encoding", pick(random, ACCEPT_ENCODINGS).replace("\u0000", ""));
      }
      if (random.nextInt(3) == 0) {
        request.header(
            "X-Forwarded-For",
            pick(random, new String[] {"127.0.0.1", "garbage", "::1, 10.0.0.1", ""}));
      }
      if (random.nextInt(6) == 0) {
        request.header(
            "Range",
            pick(
                random,
                new String[] {"bytes=0-0", "bytes=-0", "bytes=9-1", "bytes=a-b", "items=0-1"}));
      }
      byte[] body = pick(random, BODIES).getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(8) == 0) {
        body = new byte[random.nextInt(64)];
        random.nextBytes(body);
      }
      request.header(
          "Content-Type",
          pick(
              random,
              new String[] {
                "application/json", "text/plain", "application/json; charset=latin-7", "*/*"
              }));
      if (random.nextInt(6) == 0) {
        request.header(
            "Content-Encoding",
            pick(random, new String[] {"gzip", "br", "identity", "gzip, gzip"}));
      }
      boolean bodiless = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
      request.method(
          method,
          bodiless && random.nextInt(4) != 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      String before = snapshot();
      HttpRequest built = request.build();
      HttpResponse<String> response;
      try {
        response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // a pooled connection the server closed after its previous refusal (an unread body):
        // the request never reached it; sent again on a connection of its own
        staleConnections++;
        try {
          response = HttpClient.newHttpClient().send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException again) {
          failures.add(
              method
                  + " "
                  + path
                  + " "
                  + built.headers().map()
                  + " got no answer: "
                  + again.getMessage());
          continue;
        }
      }
      String what = method + " " + path + " -> " + response.statusCode();
      if (response.statusCode() >= 500) {
        failures.add(what + " " + response.body());
      }
      if (LEAK.matcher(response.body()).find()) {
        failures.add(
            what
                + " leaks: "
                + response.body().substring(0, Math.min(300, response.body().length())));
      }
      if (response.statusCode() >= 400 && !snapshot().equals(before)) {
        failures.add(what + " was refused but changed the database");
      }
    }
    assertThat(failures).isEmpty();
    assertThat(staleConnections)
        .as("requests that met a connection closed under them")
        .isLessThan(sent / 10);
    // a slow machine may run fewer, but the test must have exercised something
    assertThat(sent).isGreaterThan(50);
  }

  static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }

  /** Everything a request could change. */
  static String snapshot() {
    return db.rows(
        "SELECT * FROM mirrors ORDER BY id",
        "SELECT * FROM mirror_networks ORDER BY mirror_id, kind, cidr",
        "SELECT * FROM allowlist_entries ORDER BY id",
        "SELECT * FROM maintainers ORDER BY id",
        "SELECT * FROM allowlist_tokens ORDER BY id",
        "SELECT mirror_id, received_at FROM mirror_reports ORDER BY mirror_id",
        "SELECT COUNT(*) FROM audit_log");
  }
}
