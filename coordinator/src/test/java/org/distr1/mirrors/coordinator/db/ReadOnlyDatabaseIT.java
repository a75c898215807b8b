package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.distr1.mirrors.coordinator.CoordinatorApplication;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.testing.TempDirApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database turns read-only under a running coordinator (its PostgreSQL server, of this test
 * alone, gets {@code default_transaction_read_only} and reloads: every session, pooled ones
 * included, is read-only from its next transaction), then writable again. Writes are 503 with
 * Retry-After in the ApiError shape meanwhile, {@code /healthcheck} says the database does not take
 * writes (its {@code SELECT 1} alone still passed), and both recover without a restart.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReadOnlyDatabaseIT {

  static final PostgresServer SERVER = start();
  static final String URL = SERVER.createDatabase("readonly");
  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      new TempDirApp<>(
          DATA,
          CoordinatorApplication.class,
          ResourceHelpers.resourceFilePath("test-coordinator.yml"),
          ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
          ConfigOverride.config("database.url", URL),
          ConfigOverride.config("database.user", PostgresServer.SUPERUSER),
          ConfigOverride.config("database.password", ""),
          ConfigOverride.config("registry.enrollmentBurst", "100000"));
  static final ObjectMapper JSON = OutageRequests.JSON;

  static PostgresServer start() {
    try {
      return PostgresServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
    }
  }

  @AfterAll
  static void stopTheServer() throws Exception {
    SERVER.close();
  }

  /** Server-wide, as an administrator would switch it; a reload reaches the open sessions. */
  static void readOnly(boolean on) throws Exception {
    try (Connection admin = SERVER.connect("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("SET default_transaction_read_only = off");
      sql.execute(
          on
              ? "ALTER SYSTEM SET default_transaction_read_only = on"
              : "ALTER SYSTEM RESET default_transaction_read_only");
      sql.execute("SELECT pg_reload_conf()");
    }
  }

  static HttpResponse<String> enroll() throws Exception {
    return OutageRequests.enroll(TestCoordinator.api(APP));
  }

  /** {@code /healthcheck} on the admin port: each check's {@code healthy}. */
  static Health health() throws Exception {
    HttpResponse<String> answer =
        OutageRequests.get("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck");
    return new Health(JSON.readTree(answer.body()));
  }

  record Health(JsonNode checks) {
    boolean healthy(String check) {
      return checks.path(check).path("healthy").asBoolean(false);
    }
  }

  @Test
  void aReadOnlyDatabaseIs503AndUnhealthyAndBothRecoverWhenItIsWritableAgain() throws Exception {
    assertThat(enroll().statusCode()).isEqualTo(201);
    assertThat(health().healthy(WritableDatabase.NAME)).isTrue();

    readOnly(true);
    try {
      HttpResponse<String> refused =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(ReadOnlyDatabaseIT::enroll, answer -> answer.statusCode() != 201);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
      JsonNode error = JSON.readTree(refused.body());
      assertThat(error.get("code").asText()).isEqualTo("database_unavailable");
      assertThat(refused.body()).doesNotContain("Exception");

      // (the overall status is 500 in this test anyway: it has no GeoIP database)
      Health during = health();
      assertThat(during.healthy(WritableDatabase.NAME)).as(during.checks().toString()).isFalse();
      assertThat(during.checks().path(WritableDatabase.NAME).path("message").asText())
          .contains("read-only")
          .doesNotContain("Exception");
      // what the validation query alone reported: healthy
      assertThat(during.healthy("database")).isTrue();
    } finally {
      readOnly(false);
    }

    HttpResponse<String> accepted =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(ReadOnlyDatabaseIT::enroll, answer -> answer.statusCode() != 503);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    Health after =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(ReadOnlyDatabaseIT::health, h -> h.healthy(WritableDatabase.NAME));
    assertThat(after.healthy("database")).isTrue();
  }
}
