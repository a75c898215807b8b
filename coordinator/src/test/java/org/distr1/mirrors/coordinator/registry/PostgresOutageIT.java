package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.distr1.mirrors.coordinator.registry.RoutedMirror.IMAGE;
import static org.distr1.mirrors.coordinator.registry.RoutedMirror.INDEX;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.db.DataSourceFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.db.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator jar as a process on a PostgreSQL server of this test alone, routing a mirror; the
 * server is stopped for 30 s. Every redirect meanwhile goes to the mirror from the in-memory
 * snapshot, every write (an enrollment, a node's report) is a 503 with Retry-After in the ApiError
 * shape, and once the server is back both writes and routing go on without a restart.
 */
@Tag("database")
class PostgresOutageIT {
  static final Duration OUTAGE = Duration.ofSeconds(30);

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  PostgresServer server;
  CoordinatorProcess coordinator;
  RoutedMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (coordinator != null) {
      coordinator.close();
    }
    if (mirror != null) {
      mirror.close();
    }
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> enroll(String base, int i) throws Exception {
    return ApiCall.send(
        http,
        base + "api",
        "POST",
        "/v1/mirrors",
        null,
        RegistryClient.enrollment("http://127.0.0.1:9/outage" + i, Map.of()));
  }

  /** A maintainer disables the mirror. */
  HttpResponse<String> disable(String base) throws Exception {
    return ApiCall.send(
        http,
        base + "api",
        "POST",
        "/v1/admin/mirrors/" + mirror.id + "/disable",
        mirror.maintainer,
        Map.of("reason", "outage test"));
  }

  /** A refusal for want of the database: 503, Retry-After, an ApiError and no stack trace. */
  static void assertUnavailable(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    JsonNode error = RoutedMirror.JSON.readTree(answer.body());
    assertThat(error.path("code").asText()).isEqualTo("database_unavailable");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception");
  }

  @Test
  void redirectsGoOnFromMemoryWritesAre503AndBothResumeWhenTheDatabaseReturns() throws Exception {
    // a server of its own: the test JVM's shared one must not go away under other tests
    Assumptions.assumeTrue(TestDatabase.onPostgres(), "a PostgreSQL server stopped and started");
    server = PostgresServer.start();
    DataSourceFactory database = new DataSourceFactory();
    database.setDriverClass("org.postgresql.Driver");
    database.setUrl(server.createDatabase("outage"));
    database.setUser(PostgresServer.SUPERUSER);
    database.setPassword("");

    mirror = new RoutedMirror(dir);
    Path own = Files.createDirectories(dir.resolve("coordinator"));
    coordinator =
        new CoordinatorProcess(
            own,
            database,
            "",
            """
            origin:
              root: %s
              rescanInterval: 200ms
            prober:
              interval: 200ms
              successesToUp: 1
            cluster:
              poll: 100ms
            """
                .formatted(mirror.origin));
    coordinator.start();
    String base = "http://127.0.0.1:" + coordinator.port() + "/";
    mirror.publish();
    mirror.enrollThrough(base, database);
    String image = mirror.base() + IMAGE.substring(1);
    String index = mirror.base() + INDEX.substring(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                mirror.answer(base, IMAGE).equals(image)
                    && mirror.answer(base, INDEX).equals(index));
    assertThat(enroll(base, 0).statusCode()).isEqualTo(201);

    server.stop();
    long end = System.nanoTime() + OUTAGE.toNanos();
    int redirects = 0;
    int writes = 0;
    List<String> wrong = new ArrayList<>();
    while (System.nanoTime() < end) {
      for (String[] request : new String[][] {{IMAGE, image}, {INDEX, index}}) {
        String answer = mirror.answer(base, request[0]);
        redirects++;
        if (!answer.equals(request[1])) {
          wrong.add(request[0] + " -> " + answer);
        }
      }
      // a write now and then, each kind: an enrollment, a node's report, a maintainer's action
      if (redirects % 20 == 0) {
        assertUnavailable(
            switch (writes % 3) {
              case 0 -> enroll(base, redirects);
              case 1 -> mirror.report(base);
              default -> disable(base);
            });
        writes++;
      }
    }
    assertThat(wrong).as("redirects during the outage that did not go to the mirror").isEmpty();
    assertThat(redirects).isGreaterThan(100);
    assertThat(writes).isGreaterThan(3);

    server = server.restart();
    HttpResponse<String> accepted =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> enroll(base, -1), answer -> answer.statusCode() != 503);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    assertThat(mirror.report(base).statusCode()).isEqualTo(200);
    // what is written after the outage reaches routing again: the disabled mirror is out
    assertThat(disable(base).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror.answer(base, IMAGE), answer -> !answer.equals(image));
  }
}
