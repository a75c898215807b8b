package org.distr1.mirrors.coordinator.status;

import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A small mirror network for the status page, built through the real API: a coordinator with its
 * prober and verifier running, static mirrors (the same file server the nodes use, over hard-linked
 * copies of a sample repository, with a freshness file — what an operator who keeps nginx
 * publishes) on one loopback server, and mirrors in every state a visitor can see.
 */
final class StatusNetwork implements AutoCloseable {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A mirror as the test sets it up; {@code country} null enrolls it without a location. */
  record Mirror(
      String slug,
      String name,
      String country,
      String continent,
      double latitude,
      double longitude,
      String expectedState,
      Integer syncPercent) {}

  /** Up in DE, US and BR (BR mid-sync), down in JP, paused in AU, up without a location. */
  static final List<Mirror> MIRRORS =
      List.of(
          new Mirror("fra", "Frankfurt mirror", "DE", "EU", 50.11, 8.68, "up", null),
          new Mirror("nyc", "New York mirror", "US", "NA", 40.71, -74.01, "up", null),
          new Mirror("gru", "São Paulo mirror", "BR", "SA", -23.55, -46.63, "up", 42),
          new Mirror("tyo", "Tokyo mirror", "JP", "AS", 35.68, 139.69, "down", null),
          new Mirror("syd", "Sydney <mirror>", "AU", "OC", -33.87, 151.21, "paused", null),
          new Mirror("nowhere", "Unplaced mirror", null, null, 0, 0, "up", null));

  private final Path dir;
  private final Server files = new Server();
  private final ServerConnector connector = new ServerConnector(files);
  private final Map<String, Long> ids = new LinkedHashMap<>();
  private final Map<String, String> tokens = new HashMap<>();
  private Instant synced;
  private String api;
  private String maintainer;

  private StatusNetwork(Path dir) {
    this.dir = dir;
  }

  /** The overrides the coordinator needs: prober and verifier fast, both reading {@code origin}. */
  static ConfigOverride[] overrides(Path dir) {
    String origin = dir.resolve("origin").toString();
    return new ConfigOverride[] {
      ConfigOverride.config("registry.enrollmentBurst", "1000"),
      ConfigOverride.config("registry.verification.enabled", "true"),
      ConfigOverride.config("origin.root", origin),
      ConfigOverride.config("prober.interval", "200ms"),
      ConfigOverride.config("prober.roundTimeout", "5s"),
      ConfigOverride.config("stats.flushInterval", "1s"),
    };
  }

  /**
   * Generates the origin and the mirrors' trees, starts their file server and enrolls, approves,
   * reports and pauses every mirror through the coordinator's API. Returns once every listed mirror
   * is in its expected state with its compression checked.
   */
  static StatusNetwork start(Path dir, DropwizardAppExtension<CoordinatorConfiguration> app)
      throws Exception {
    StatusNetwork network = new StatusNetwork(dir);
    try {
      network.build(app);
    } catch (Exception | AssertionError e) {
      network.close();
      throw e;
    }
    return network;
  }

  private void build(DropwizardAppExtension<CoordinatorConfiguration> app) throws Exception {
    SampleRepository origin = SampleRepository.generate(dir.resolve("origin"));
    synced = Instant.now().minusSeconds(3 * 3600 + 17 * 60);
    for (Mirror mirror : MIRRORS) {
      if (!mirror.expectedState().equals("down")) {
        Path root = dir.resolve("mirrors").resolve(mirror.slug());
        linkTree(origin.root(), root.resolve("distri"));
        Path freshness = root.resolve(FreshnessFile.DIRECTORY).resolve("repo-rsync.distr1.org");
        Files.createDirectories(freshness.getParent());
        Files.writeString(freshness, FreshnessFile.format(synced));
      }
    }
    connector.setHost("127.0.0.1");
    files.addConnector(connector);
    files.setHandler(
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.fixed(dir.resolve("mirrors")),
            path -> true,
            ServeOptions.liveTree(1000, Duration.ZERO),
            ServeObserver.NONE));
    files.start();

    api = TestCoordinator.api(app);
    maintainer = maintainerToken(app);
    for (Mirror mirror : MIRRORS) {
      JsonNode enrolled = call("POST", "/v1/mirrors", null, enrollment(mirror), 201);
      ids.put(mirror.slug(), enrolled.get("id").asLong());
      tokens.put(mirror.slug(), enrolled.get("token").asText());
    }
    // one more that nobody approved: the public must never see it
    call(
        "POST",
        "/v1/mirrors",
        null,
        enrollment(new Mirror("pending", "Pending mirror", "FR", "EU", 48.85, 2.35, null, null)),
        201);
    for (Mirror mirror : MIRRORS) {
      long id = ids.get(mirror.slug());
      call("POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null, 200);
      report(mirror.slug(), mirror.syncPercent());
      if (mirror.expectedState().equals("paused")) {
        call("POST", "/v1/mirrors/" + id + "/pause", tokens.get(mirror.slug()), null, 200);
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(this::settled);
  }

  private boolean settled() throws IOException, InterruptedException {
    JsonNode listed = publicList();
    if (listed.size() != MIRRORS.size()) {
      return false;
    }
    for (JsonNode mirror : listed) {
      Mirror spec = spec(mirror.get("id").asLong());
      if (!mirror.get("state").asText().equals(spec.expectedState())
          || mirror.get("compression").isNull()) {
        return false;
      }
    }
    return true;
  }

  /** The mirror's node reports, with its sync at {@code syncPercent} (null: no sync running). */
  void report(String slug, Integer syncPercent) throws IOException, InterruptedException {
    call(
        "POST",
        "/v1/mirrors/" + ids.get(slug) + "/reports",
        tokens.get(slug),
        report(synced, syncPercent),
        200);
  }

  Mirror spec(long id) {
    return MIRRORS.stream().filter(m -> ids.get(m.slug()) == id).findFirst().orElseThrow();
  }

  long id(String slug) {
    return ids.get(slug);
  }

  String baseUrl(String slug) {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/" + slug;
  }

  JsonNode publicList() throws IOException, InterruptedException {
    return call("GET", "/v1/mirrors", null, null, 200);
  }

  private Map<String, Object> enrollment(Mirror mirror) {
    Map<String, Object> body =
        new HashMap<>(
            Map.of(
                "name", mirror.name(),
                "baseUrl", baseUrl(mirror.slug()),
                "contactEmail", mirror.slug() + "-ops@example.org",
                "bandwidthMbps", 10_000,
                "rsyncSources", List.of("127.0.0.1")));
    if (mirror.country() != null) {
      body.put(
          "location",
          Map.of(
              "country",
              mirror.country(),
              "continent",
              mirror.continent(),
              "latitude",
              mirror.latitude(),
              "longitude",
              mirror.longitude()));
    }
    return body;
  }

  private static Map<String, Object> report(Instant synced, Integer syncPercent) {
    Map<String, Object> report =
        new HashMap<>(
            Map.of(
                "nodeVersion", "0.1.0",
                "nodeTime", Instant.now().toString(),
                "lastSuccessfulSync",
                    Map.of(
                        "startedAt",
                        synced.toString(),
                        "finishedAt",
                        synced.plusSeconds(95).toString(),
                        "bytes",
                        1_234_567),
                "disk",
                    Map.of(
                        "totalBytes",
                        400L << 30,
                        "freeBytes",
                        250L << 30,
                        "mirrorBytes",
                        100L << 30)));
    if (syncPercent != null) {
      report.put("runningSync", Map.of("bytesTransferred", 3_456_789_012L, "percent", syncPercent));
    }
    return report;
  }

  private JsonNode call(String method, String path, String token, Object body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new AssertionError(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** A maintainer token, issued through a second pool on the coordinator's database. */
  private String maintainerToken(DropwizardAppExtension<CoordinatorConfiguration> app)
      throws Exception {
    ManagedDataSource pool = TestDatabase.factory(dir).build(new MetricRegistry(), "status-test");
    try {
      Jdbi jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
      return new Maintainers(jdbi, new AuditLog(jdbi, JSON, Clock.systemUTC()), Clock.systemUTC())
          .issue("status-test", "test");
    } finally {
      pool.stop();
    }
  }

  /**
   * Hard links keep the origin's mtimes, which the precompressed siblings must share; symlinks
   * ({@code master -> <commit>}) stay symlinks, as rsync keeps them.
   */
  private static void linkTree(Path from, Path to) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = new ArrayList<>(walk.toList());
    }
    for (Path source : paths) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isSymbolicLink(source)) {
        Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      } else if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        try {
          Files.createLink(target, source);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot link " + source, e);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    files.stop();
  }
}
