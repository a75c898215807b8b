package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.distr1.mirrors.coordinator.registry.RoutedMirror.IMAGE;
import static org.distr1.mirrors.coordinator.registry.RoutedMirror.INDEX;
import static org.distr1.mirrors.coordinator.registry.RoutedMirror.base;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.db.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary coordinator beside the origin tree on a real PostgreSQL server, and a regional one on a
 * real streaming replica of it ({@code pg_basebackup -R}): the regional routes like the primary
 * from the replicated origin index, sends what no mirror may serve and every write to the primary,
 * and when the replica stops replaying (lag) it stops choosing mirrors once its view is older than
 * {@code regional.maxStaleness}; once replay resumes it rejects, as the primary does, the mirror
 * whose index is older than the origin's.
 */
@Tag("database")
class RegionalCoordinatorIT {
  static final Duration MAX_STALENESS = Duration.ofSeconds(3);

  final HttpClient http = HttpClient.newHttpClient();
  final List<DropwizardAppExtension<CoordinatorConfiguration>> running = new ArrayList<>();
  final Map<String, String> overridesBefore = SeveralCoordinatorsTest.overrides();

  @TempDir Path dir;
  PostgresServer replica;
  RoutedMirror mirror;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).after();
    }
    SeveralCoordinatorsTest.overrides().keySet().forEach(System::clearProperty);
    overridesBefore.forEach(System::setProperty);
    if (mirror != null) {
      mirror.close();
    }
    if (replica != null) {
      replica.close();
    }
  }

  DropwizardAppExtension<CoordinatorConfiguration> start(Path data, ConfigOverride... extra)
      throws Exception {
    DropwizardAppExtension<CoordinatorConfiguration> app = TestCoordinator.extension(data, extra);
    app.before();
    running.add(app);
    return app;
  }

  void replay(boolean on) throws Exception {
    try (Connection connection = replica.connect("postgres")) {
      connection
          .createStatement()
          .execute(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    }
  }

  @Test
  void routesFromTheReplicaAndSendsTheRestAndWritesToThePrimary() throws Exception {
    Assumptions.assumeTrue(TestDatabase.onPostgres(), "streaming replicas are PostgreSQL's");
    mirror = new RoutedMirror(dir);
    Path data = dir.resolve("data");
    var primary =
        start(
            data,
            ConfigOverride.config("registry.enrollmentBurst", "1000"),
            ConfigOverride.config("origin.root", mirror.origin.toString()),
            ConfigOverride.config("origin.rescanInterval", "200ms"),
            ConfigOverride.config("origin.indexConfirmInterval", "200ms"),
            ConfigOverride.config("prober.interval", "200ms"),
            ConfigOverride.config("prober.successesToUp", "1"),
            ConfigOverride.config("cluster.poll", "100ms"));
    String primaryUrl = base(primary);
    // the replica copies the primary server, with the coordinator's database and its schema
    replica = TestDatabase.postgres().replica();
    String database = TestDatabase.factory(data).getUrl().replaceAll(".*/", "");
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> hasSchema(replica, database));
    var regional =
        TestCoordinator.onPostgres(
            dir.resolve("regional-data"),
            replica.url(database),
            ConfigOverride.config("regional.primaryUrl", primaryUrl),
            ConfigOverride.config("stats.enabled", "false"),
            ConfigOverride.config("regional.maxStaleness", MAX_STALENESS.toMillis() + "ms"),
            ConfigOverride.config("cluster.poll", "100ms"));
    regional.before();
    running.add(regional);
    mirror.publish();
    mirror.enrollThrough(primary, TestDatabase.factory(data));
    String atMirror = mirror.base() + INDEX.substring(1);

    // both route the image and the index to the mirror; the regional learnt it from the replica
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.answer(primary, INDEX).equals(atMirror));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.answer(primary, IMAGE).equals(mirror.base() + IMAGE.substring(1)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.answer(regional, INDEX).equals(atMirror));
    // the image's row may reach the replica a poll after the index's
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.answer(regional, IMAGE).equals(mirror.base() + IMAGE.substring(1)));
    // what no mirror has (here: what the index does not know) goes to the primary, not a 404
    String missing = "/distri/jackherer/pkg/zsh-amd64-5.squashfs";
    assertThat(mirror.answer(regional, missing)).isEqualTo(primaryUrl + missing.substring(1));
    assertThat(mirror.answer(primary, missing)).isEqualTo("served 404");

    // writes go to the primary with a 307, which keeps method and body: an enrollment followed
    HttpResponse<String> redirected =
        ApiCall.send(
            http,
            RoutedMirror.api(regional),
            "POST",
            "/v1/mirrors",
            null,
            RegistryClient.enrollment("http://127.0.0.1:9/", Map.of()));
    assertThat(redirected.statusCode()).isEqualTo(307);
    assertThat(redirected.headers().firstValue("Location")).hasValue(primaryUrl + "api/v1/mirrors");
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    assertThat(
            ApiCall.send(
                    following,
                    RoutedMirror.api(regional),
                    "POST",
                    "/v1/mirrors",
                    null,
                    RegistryClient.enrollment("http://127.0.0.1:9/", Map.of()))
                .statusCode())
        .isEqualTo(201);
    // a node's report too; reads are answered from the replica
    assertThat(mirror.report(regional).statusCode()).isEqualTo(307);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(RoutedMirror.api(regional) + "/v1/mirrors"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);

    // the replica stops replaying; a new index is published at the origin
    replay(false);
    Path index = RoutedMirror.file(mirror.origin, INDEX);
    Path next = index.resolveSibling("meta.binaryproto.new");
    Files.writeString(next, "index two");
    Files.move(next, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Instant changed = Instant.now();
    // the primary rejects the mirror's old index at once
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror.answer(primary, INDEX).equals("served 200"));
    // the regional, whose view no longer advances, sends clients to the primary once that view is
    // older than maxStaleness, for the index and for everything else
    await()
        .atMost(MAX_STALENESS.plusSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> mirror.answer(regional, INDEX).equals(primaryUrl + INDEX.substring(1)));
    assertThat(Duration.between(changed, Instant.now())).isLessThan(MAX_STALENESS.plusSeconds(3));
    assertThat(mirror.answer(regional, IMAGE)).isEqualTo(primaryUrl + IMAGE.substring(1));

    // replay resumes: the image goes to the mirror again, the index (old at the mirror) does not
    replay(true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.answer(regional, IMAGE).equals(mirror.base() + IMAGE.substring(1)));
    assertThat(mirror.answer(regional, INDEX)).isEqualTo(primaryUrl + INDEX.substring(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> mirrorList(regional).path("excluded").findValuesAsText("code"),
            codes -> codes.contains("index_mismatch"));
  }

  JsonNode mirrorList(DropwizardAppExtension<CoordinatorConfiguration> app) throws Exception {
    return RoutedMirror.JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(base(app) + INDEX.substring(1) + "?mirrorlist"))
                    .header("Accept", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** Whether the replica has replayed the primary's migrations (the regional runs none). */
  static boolean hasSchema(PostgresServer server, String database) throws Exception {
    try (Connection connection = server.connect(database);
        var result =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_name IN ('probe_states', 'origin_index_state')")) {
      result.next();
      return result.getInt(1) == 2;
    }
  }
}
