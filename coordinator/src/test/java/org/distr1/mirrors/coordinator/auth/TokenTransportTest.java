package org.distr1.mirrors.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.distr1.mirrors.coordinator.CoordinatorApplication;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.allowlist.AllowlistTokens;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.db.Databases;
import org.distr1.mirrors.shared.testing.TempDirApp;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens travel only in {@code Authorization: Bearer}, the request log never holds one, and the
 * status of a refusal follows the one documented rule (docs/api.md, "Authentication").
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TokenTransportTest {

  static final Path DATA = TestCoordinator.newDataDir();
  static final Path ACCESS_LOG = DATA.resolve("access.log");

  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      new TempDirApp<>(
          DATA,
          CoordinatorApplication.class,
          withAccessLog(DATA.resolve("coordinator.yml")),
          ConfigOverride.config(
              "database.url", Databases.h2FileUrl(DATA.resolve("coordinator").toString())));

  /** The test configuration with the request log written to {@link #ACCESS_LOG}. */
  static String withAccessLog(Path config) {
    try {
      String yaml =
          Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-coordinator.yml")));
      String logged =
          yaml.replace(
              "    appenders: []",
              "    appenders:\n      - type: file\n"
                  + "        currentLogFilename: "
                  + ACCESS_LOG
                  + "\n        archive: false");
      assertThat(logged).isNotEqualTo(yaml);
      Files.writeString(config, logged);
      return config.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ManagedDataSource dataSource;
  static String maintainer;
  static String reader;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void setUp() throws Exception {
    dataSource =
        Databases.h2File(DATA.resolve("coordinator").toString())
            .build(new MetricRegistry(), "test");
    Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    AuditLog audit = new AuditLog(jdbi, Jackson.newObjectMapper(), Clock.systemUTC());
    maintainer = new Maintainers(jdbi, audit, Clock.systemUTC()).issue("alice", "test");
    reader = new AllowlistTokens(jdbi, audit, Clock.systemUTC()).issue("rsync1", "test");
  }

  @AfterAll
  static void tearDown() throws Exception {
    dataSource.stop();
  }

  static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TestCoordinator.api(APP) + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenInTheQueryStringIsRefusedAndNeverLogged() throws Exception {
    String secret = maintainer.substring(maintainer.indexOf('.') + 1);
    HttpResponse<String> query = get("/v1/admin/mirrors?access_token=" + maintainer, null);
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(query.body()).contains("\"code\":\"token_in_url\"").doesNotContain(secret);
    // even beside a valid header the URL form is refused: the client is leaking the token
    assertThat(get("/v1/admin/mirrors?ACCESS_TOKEN=" + maintainer, maintainer).statusCode())
        .isEqualTo(400);
    assertThat(get("/v1/admin/mirrors?note=" + maintainer, maintainer).statusCode()).isEqualTo(200);
    assertThat(get("/v1/admin/mirrors", maintainer).statusCode()).isEqualTo(200);
    String marker = "/v1/admin/audit?subject=end-" + Instant.now().toEpochMilli();
    get(marker, maintainer);
    // the request log is written after the answer: wait for the last request's line
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String log = "";
    while (System.nanoTime() < deadline && !log.contains("/api/v1/admin/audit?redacted")) {
      log = Files.exists(ACCESS_LOG) ? Files.readString(ACCESS_LOG) : "";
      Thread.sleep(50);
    }
    assertThat(log).contains("/api/v1/admin/mirrors?redacted").doesNotContain(secret);
  }

  @Test
  void statusesFollowTheOneRule() throws Exception {
    // no token, unknown token of this door's audience, token of no audience: 401
    assertThat(get("/v1/admin/mirrors", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/admin/mirrors", "dmm_99999.forged").statusCode()).isEqualTo(401);
    assertThat(get("/v1/admin/mirrors", "xyz_1.forged").statusCode()).isEqualTo(401);
    // another audience's prefix, valid or not: 403
    HttpResponse<String> readerOnAdmin = get("/v1/admin/mirrors", reader);
    assertThat(readerOnAdmin.statusCode()).isEqualTo(403);
    assertThat(readerOnAdmin.body()).contains("allowlist reader token");
    assertThat(get("/v1/admin/mirrors", "dma_99999.forged").statusCode()).isEqualTo(403);
    assertThat(get("/v1/admin/mirrors", "dmo_99999.forged").statusCode()).isEqualTo(403);
    assertThat(get("/v1/admin/allowlist/export/rsyncd", "dmo_99999.forged").statusCode())
        .isEqualTo(403);
    assertThat(get("/v1/mirrors/1", "dma_99999.forged").statusCode()).isEqualTo(403);
    assertThat(get("/v1/mirrors/1", "dmm_99999.forged").statusCode()).isEqualTo(403);
  }
}
