package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * An origin tree with one package image and its section index, and a mirror holding both, synced
 * after they appeared: enrolled, approved and reported through a coordinator's real API, so that
 * the coordinator routes both files to it. The mirror is a small HTTP server over its own copy
 * (GET, and HEAD with the lengths the prober checks).
 */
final class RoutedMirror implements AutoCloseable {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final String IMAGE = "/distri/jackherer/pkg/hello-amd64-1.squashfs";
  static final String INDEX = "/distri/jackherer/pkg/meta.binaryproto";

  final Path origin;
  Instant appeared;
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;
  long id;
  String token;
  String maintainer;
  long synced;
  private Map<String, String> lastAnswer;

  /** An empty origin tree below {@code dir/origin}, for a coordinator beside it. */
  RoutedMirror(Path dir) throws Exception {
    this.dir = dir;
    this.origin = dir.resolve("origin");
    Files.createDirectories(origin.resolve("jackherer/pkg"));
  }

  /**
   * Publishes the image and its index at the origin. Called right before {@link #enrollThrough}, so
   * that the mirror's sync follows the files by seconds however long the set-up took, as the sync
   * margin and clock skew rules must allow.
   */
  void publish() throws Exception {
    Files.write(file(origin, IMAGE), new byte[4096]);
    Files.writeString(file(origin, INDEX), "index one");
    this.appeared = Instant.now();
  }

  static Path file(Path root, String path) {
    return root.resolve(path.substring("/distri/".length()));
  }

  /** The mirror's base URL. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /**
   * Copies the tree to the mirror once routing's sync margin has passed since the files appeared,
   * and enrolls, approves and reports it through {@code primary}, whose database is {@code
   * database}.
   */
  void enrollThrough(
      DropwizardAppExtension<CoordinatorConfiguration> primary, DataSourceFactory database)
      throws Exception {
    enrollThrough(base(primary), database);
  }

  /** {@link #enrollThrough} a coordinator at {@code primary} (its base URL, ending in /). */
  void enrollThrough(String primary, DataSourceFactory database) throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(appeared.plusSeconds(4)));
    Path root = dir.resolve("mirror");
    Files.createDirectories(root.resolve("distri/jackherer/pkg"));
    Files.copy(file(origin, IMAGE), root.resolve(IMAGE.substring(1)));
    Files.copy(file(origin, INDEX), root.resolve(INDEX.substring(1)));
    synced = Instant.now().getEpochSecond();
    Path freshness = root.resolve(FreshnessFile.urlPath("repo-rsync.distr1.org").substring(1));
    Files.createDirectories(freshness.getParent());
    Files.writeString(freshness, Long.toString(synced));
    server = serve(root);

    maintainer = maintainerToken(database);
    String api = primary + "api";
    HttpResponse<String> enrolled =
        ApiCall.send(
            http, api, "POST", "/v1/mirrors", null, RegistryClient.enrollment(base(), Map.of()));
    assertThat(enrolled.statusCode()).isEqualTo(201);
    id = JSON.readTree(enrolled.body()).get("id").asLong();
    token = JSON.readTree(enrolled.body()).get("token").asText();
    assertThat(
            ApiCall.send(
                    http, api, "POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null)
                .statusCode())
        .isEqualTo(200);
    // the first report tells the node the coordinator's time; the second echoes it, as a node's
    // do, bounding the node's clock from both sides: without the echo routing must allow the whole
    // maxClockSkew (30 s), and a sync seconds after the image appeared counts as older than it
    assertThat(report(primary).statusCode()).isEqualTo(200);
    assertThat(report(primary).statusCode()).isEqualTo(200);
  }

  /**
   * The node's report: synced when the files were copied, holding the origin's first index, with
   * the previous answer's time and when it arrived ({@code lastAnswer}) once there was one.
   */
  HttpResponse<String> report(DropwizardAppExtension<CoordinatorConfiguration> app)
      throws Exception {
    return report(base(app));
  }

  /** {@link #report} to the coordinator at {@code coordinator} (its base URL, ending in /). */
  HttpResponse<String> report(String coordinator) throws Exception {
    Map<String, Object> report = new HashMap<>(RegistryApiTest.report(Instant.now(), Map.of()));
    if (lastAnswer != null) {
      report.put("lastAnswer", lastAnswer);
    }
    String at = Instant.ofEpochSecond(synced).toString();
    report.put("lastSuccessfulSync", Map.of("startedAt", at, "finishedAt", at, "bytes", 1234));
    report.put(
        "indexDigests",
        Map.of(
            "jackherer",
            ReleaseIndex.sha256Hex(dir.resolve("mirror").resolve(INDEX.substring(1)))));
    HttpResponse<String> response =
        ApiCall.send(
            http, coordinator + "api", "POST", "/v1/mirrors/" + id + "/reports", token, report);
    if (response.statusCode() == 200) {
      lastAnswer =
          Map.of(
              "receivedAt",
              JSON.readTree(response.body()).get("receivedAt").asText(),
              "nodeTime",
              Instant.now().toString());
    }
    return response;
  }

  static String base(DropwizardAppExtension<CoordinatorConfiguration> app) {
    return "http://127.0.0.1:" + app.getLocalPort() + "/";
  }

  static String api(DropwizardAppExtension<CoordinatorConfiguration> app) {
    return base(app) + "api";
  }

  /** Where {@code app} sends a client for {@code path}: its Location, or "served <status>". */
  String answer(DropwizardAppExtension<CoordinatorConfiguration> app, String path)
      throws Exception {
    return answer(base(app), path);
  }

  /** {@link #answer} of the coordinator at {@code coordinator} (its base URL, ending in /). */
  String answer(String coordinator, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coordinator + path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 302
        ? response.headers().firstValue("Location").orElseThrow()
        : "served " + response.statusCode();
  }

  private static HttpServer serve(Path root) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
          } else if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().add("Content-Length", Long.toString(Files.size(file)));
            exchange.sendResponseHeaders(200, -1);
          } else {
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
          exchange.close();
        });
    server.start();
    return server;
  }

  /** A maintainer token, issued straight into the coordinator's database. */
  static String maintainerToken(DataSourceFactory database) throws Exception {
    var pool = database.build(new com.codahale.metrics.MetricRegistry(), "inspect");
    try {
      var db =
          org.jdbi.v3.core.Jdbi.create(pool)
              .installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
      return new Maintainers(db, new AuditLog(db, JSON, Clock.systemUTC()), Clock.systemUTC())
          .issue("alice", "test");
    } finally {
      pool.stop();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
