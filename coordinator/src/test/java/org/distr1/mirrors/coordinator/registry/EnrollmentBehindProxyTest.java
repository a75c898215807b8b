package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.db.Databases;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behind the trusted proxy (here: the test's own loopback connection) enrollments are limited per
 * client, by the same X-Forwarded-For rule as routing, and the audit log names the client.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EnrollmentBehindProxyTest {

  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA,
          ConfigOverride.config("routing.trustedProxies", "127.0.0.0/8"),
          ConfigOverride.config("registry.enrollmentBurst", "2"));
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static ManagedDataSource dataSource;
  static Jdbi jdbi;
  static int urls;

  @BeforeAll
  static void setUp() {
    dataSource =
        Databases.h2File(DATA.resolve("coordinator").toString())
            .build(new MetricRegistry(), "test");
    jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  @AfterAll
  static void tearDown() throws Exception {
    dataSource.stop();
  }

  static int enroll(String forwardedFor) throws Exception {
    Map<String, Object> body =
        RegistryClient.enrollment("http://127.0.0.1:9/p" + (++urls), Map.of());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(TestCoordinator.api(APP) + "/v1/mirrors"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", forwardedFor)
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void oneClientOutOfEnrollmentsDoesNotBlockTheNext() throws Exception {
    assertThat(enroll("198.51.100.1")).isEqualTo(201);
    // a client-chosen left part proves nothing: the nearest untrusted hop is the client
    assertThat(enroll("203.0.113.66, 198.51.100.1")).isEqualTo(201);
    assertThat(enroll("198.51.100.1")).isEqualTo(429);
    assertThat(enroll("198.51.100.2")).isEqualTo(201);
    List<String> actors =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT actor FROM audit_log WHERE action = 'mirror.enroll' ORDER BY id")
                    .mapTo(String.class)
                    .list());
    assertThat(actors)
        .containsExactly("public:198.51.100.1", "public:198.51.100.1", "public:198.51.100.2");
  }
}
