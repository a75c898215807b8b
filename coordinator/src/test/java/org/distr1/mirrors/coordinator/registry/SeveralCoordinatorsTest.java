package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
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
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.http.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one PostgreSQL database: a change taken by either reaches the other's routing
 * snapshot and token cache within 2 s; the once-per-network jobs (probing, the allowlist fragment)
 * run on one of them and move to the other when it stops.
 */
@Tag("database")
class SeveralCoordinatorsTest {

  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final Duration PROPAGATION = Duration.ofSeconds(2);
  static final String IMAGE = "/distri/jackherer/pkg/hello-amd64-1.squashfs";

  final HttpClient http = HttpClient.newHttpClient();
  final List<DropwizardAppExtension<CoordinatorConfiguration>> running = new ArrayList<>();

  /**
   * Config overrides are system properties, and each app restores the values it found at its start:
   * the second app, started while the first ran, would restore the first's.
   */
  final Map<String, String> overridesBefore = overrides();

  @TempDir Path dir;
  LoopbackServer mirror;

  @AfterEach
  void stop() {
    running.forEach(DropwizardAppExtension::after);
    overrides().keySet().forEach(System::clearProperty);
    overridesBefore.forEach(System::setProperty);
    if (mirror != null) {
      mirror.close();
    }
  }

  static Map<String, String> overrides() {
    Map<String, String> dw = new java.util.HashMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("dw."))
        .forEach(name -> dw.put(name, System.getProperty(name)));
    return dw;
  }

  DropwizardAppExtension<CoordinatorConfiguration> start(Path data, String name) throws Exception {
    Path own = Files.createDirectories(dir.resolve(name));
    DropwizardAppExtension<CoordinatorConfiguration> app =
        TestCoordinator.extension(
            data,
            ConfigOverride.config("registry.enrollmentBurst", "1000"),
            ConfigOverride.config("origin.root", dir.resolve("origin").toString()),
            ConfigOverride.config("prober.interval", "200ms"),
            ConfigOverride.config("prober.successesToUp", "1"),
            ConfigOverride.config("allowlist.fragmentFile", own.resolve("allow.conf").toString()),
            ConfigOverride.config("cluster.poll", "100ms"));
    app.before();
    running.add(app);
    return app;
  }

  static Path fragment(Path dir, String name) {
    return dir.resolve(name).resolve("allow.conf");
  }

  HttpResponse<String> call(
      DropwizardAppExtension<CoordinatorConfiguration> app,
      String method,
      String path,
      String token,
      Object body)
      throws Exception {
    return ApiCall.send(http, TestCoordinator.api(app), method, path, token, body);
  }

  /**
   * Why {@code app}'s routing snapshot leaves the mirror out, "candidate" when it does not, or
   * "absent" when it is not in service (the public list names no pending or disabled mirror).
   */
  String routing(DropwizardAppExtension<CoordinatorConfiguration> app) throws Exception {
    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.getLocalPort() + IMAGE + "?mirrorlist"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(list.body());
    if (!answer.path("candidates").isEmpty()) {
      return "candidate";
    }
    List<String> codes = answer.path("excluded").findValuesAsText("code");
    return codes.isEmpty() ? "absent" : codes.get(0);
  }

  @Test
  void changesReachTheOtherCoordinatorAndTheJobsMoveWhenItsHolderStops() throws Exception {
    Assumptions.assumeTrue(
        TestDatabase.onPostgres(), "only PostgreSQL is shared by several coordinators");
    // the origin root is the module directory, served at /distri/
    Path image = dir.resolve("origin").resolve(IMAGE.substring("/distri/".length()));
    Files.createDirectories(image.getParent());
    Files.write(image, new byte[4096]);
    mirror = new LoopbackServer(Long.toString(Instant.now().getEpochSecond()));
    Path data = dir.resolve("data");

    var a = start(data, "a");
    // the first coordinator takes the jobs: its upkeep writes the fragment
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(fragment(dir, "a")));
    var b = start(data, "b");
    var jdbi =
        TestDatabase.factory(data).build(new com.codahale.metrics.MetricRegistry(), "inspect");
    String maintainer;
    try {
      var db =
          org.jdbi.v3.core.Jdbi.create(jdbi)
              .installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
      maintainer =
          new Maintainers(db, new AuditLog(db, JSON, Clock.systemUTC()), Clock.systemUTC())
              .issue("alice", "test");
    } finally {
      jdbi.stop();
    }

    HttpResponse<String> enrolled =
        call(
            a,
            "POST",
            "/v1/mirrors",
            null,
            RegistryClient.enrollment("http://127.0.0.1:" + mirror.port() + "/", Map.of()));
    assertThat(enrolled.statusCode()).isEqualTo(201);
    long id = JSON.readTree(enrolled.body()).get("id").asLong();
    String token = JSON.readTree(enrolled.body()).get("token").asText();
    // b reads the token once and keeps its hash
    assertThat(call(b, "GET", "/v1/mirrors/" + id, token, null).statusCode()).isEqualTo(200);

    // approval through a: b's snapshot has it, then a's probe results (b does not probe)
    assertThat(
            call(a, "POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null).statusCode())
        .isEqualTo(200);
    await().atMost(PROPAGATION).until(() -> !routing(b).equals("absent"));
    await().atMost(Duration.ofSeconds(10)).until(() -> routing(b).equals("no_report"));
    assertThat(mirror.requests()).isNotEmpty();

    // a report stored by a moves b's snapshot on
    HttpResponse<String> report =
        call(
            a,
            "POST",
            "/v1/mirrors/" + id + "/reports",
            token,
            RegistryApiTest.report(Instant.now(), Map.of()));
    assertThat(report.statusCode()).isEqualTo(200);
    await().atMost(PROPAGATION).until(() -> !routing(b).equals("no_report"));

    // a token rotated through a stops working on b
    HttpResponse<String> rotated = call(a, "POST", "/v1/mirrors/" + id + "/token", token, null);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String newToken = JSON.readTree(rotated.body()).get("token").asText();
    await()
        .atMost(PROPAGATION)
        .until(() -> call(b, "GET", "/v1/mirrors/" + id, token, null).statusCode() == 401);
    assertThat(call(b, "GET", "/v1/mirrors/" + id, newToken, null).statusCode()).isEqualTo(200);

    // disabled through b: a's snapshot drops it
    assertThat(
            call(
                    b,
                    "POST",
                    "/v1/admin/mirrors/" + id + "/disable",
                    maintainer,
                    Map.of("reason", "test"))
                .statusCode())
        .isEqualTo(200);
    await().atMost(PROPAGATION).until(() -> routing(a).equals("absent"));

    // an allowlist entry added through b is written by a, the jobs' holder, and only by it
    assertThat(
            call(
                    b,
                    "POST",
                    "/v1/admin/allowlist",
                    maintainer,
                    Map.of("cidr", "192.0.2.0/24", "comment", "test"))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(PROPAGATION)
        .until(() -> Files.readString(fragment(dir, "a")).contains("192.0.2.0/24"));
    assertThat(fragment(dir, "b")).doesNotExist();

    // a stops: b takes the jobs over and writes its own fragment
    a.after();
    running.remove(a);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(fragment(dir, "b")));
    assertThat(Files.readString(fragment(dir, "b"))).contains("192.0.2.0/24");
  }
}
