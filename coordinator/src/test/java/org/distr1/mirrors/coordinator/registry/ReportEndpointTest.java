package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node-report endpoint, served outside Jersey: what it refuses (in the API's one error shape,
 * changing nothing) and that every report it acknowledges, many at once, is the one stored.
 */
@Tag("database")
@ExtendWith(DropwizardExtensionsSupport.class)
class ReportEndpointTest {

  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(DATA, ConfigOverride.config("registry.enrollmentBurst", "100000"));
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static ManagedDataSource dataSource;
  static Jdbi jdbi;
  static RegistryClient api;
  static int urls;

  @BeforeAll
  static void setUp() {
    dataSource = TestDatabase.factory(DATA).build(new MetricRegistry(), "test");
    jdbi = Jdbi.create(dataSource);
    api = new RegistryClient(APP.client(), TestCoordinator.api(APP));
  }

  @AfterAll
  static void tearDown() throws Exception {
    dataSource.stop();
  }

  static EnrollmentResponse enroll() {
    var response =
        api.enroll(RegistryClient.enrollment("http://127.0.0.1:9/r" + (++urls), Map.of()));
    assertThat(response.getStatus()).isEqualTo(201);
    return response.readEntity(EnrollmentResponse.class);
  }

  static HttpRequest.Builder report(long id) {
    return HttpRequest.newBuilder(
        URI.create(TestCoordinator.api(APP) + "/v1/mirrors/" + id + "/reports"));
  }

  static String body(long counter) throws Exception {
    Map<String, Object> report =
        new java.util.HashMap<>(RegistryApiTest.report(Instant.now(), Map.of()));
    report.put("served", Map.of("zstd", Map.of("requests", counter, "bytes", counter)));
    return JSON.writeValueAsString(report);
  }

  static Instant receivedAt(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT received_at FROM mirror_reports WHERE mirror_id = :id")
                .bind("id", id)
                .mapTo(Instant.class)
                .one());
  }

  static JsonNode error(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("status").asInt()).isEqualTo(response.statusCode());
    return error;
  }

  @Test
  void whatCannotBeAReportIsRefusedInTheApisErrorShapeAndChangesNothing() throws Exception {
    EnrollmentResponse mirror = enroll();
    String bearer = "Bearer " + mirror.token();
    String valid = body(1);

    HttpResponse<String> get =
        HTTP.send(
            report(mirror.id()).header("Authorization", bearer).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(error(get).get("code").asText()).isEqualTo("method_not_allowed");

    HttpResponse<String> text =
        HTTP.send(
            report(mirror.id())
                .header("Authorization", bearer)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(valid))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(error(text).get("message").asText()).contains("send application/json");

    HttpResponse<String> gzip =
        HTTP.send(
            report(mirror.id())
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(valid))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gzip.statusCode()).isEqualTo(415);
    assertThat(error(gzip).get("message").asText())
        .isEqualTo("Send the report without Content-Encoding.");

    HttpResponse<String> broken =
        HTTP.send(
            report(mirror.id())
                .header("Authorization", bearer)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nodeVersion\": "))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(error(broken).get("code").asText()).isEqualTo("bad_json");

    for (String notAnObject : new String[] {"null", "  null ", "[]", "5", "\"report\""}) {
      HttpResponse<String> refused =
          HTTP.send(
              report(mirror.id())
                  .header("Authorization", bearer)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(notAnObject))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(notAnObject + ": " + refused.body()).isEqualTo(400);
      assertThat(error(refused).get("code").asText()).isEqualTo("bad_json");
    }

    // longer than any report may be, sent without a length up front (chunked)
    byte[] huge =
        ("{\"nodeVersion\": \"" + "x".repeat(ReportHandler.MAX_BODY_BYTES) + "\"}").getBytes();
    HttpResponse<String> tooLarge =
        HTTP.send(
            report(mirror.id())
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    // the unread rest of the body ends the connection; the client must hear it, not trip on it
    assertThat(tooLarge.headers().firstValue("Connection")).hasValue("close");
    assertThat(error(tooLarge).get("code").asText()).isEqualTo("report_too_large");

    // parses as an Instant, but no clock difference in milliseconds holds it: refused, not a 500
    String farFuture =
        valid.replaceFirst(
            "\"nodeTime\":\"[^\"]+\"", "\"nodeTime\":\"+1000000000-01-01T00:00:00Z\"");
    assertThat(farFuture).contains("+1000000000");
    HttpResponse<String> notAClock =
        HTTP.send(
            report(mirror.id())
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(farFuture))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notAClock.statusCode()).as(notAClock.body()).isEqualTo(422);
    assertThat(error(notAClock).get("code").asText()).isEqualTo("bad_node_time");

    HttpResponse<String> unknown =
        HTTP.send(
            report(999_999)
                .header("Authorization", "Bearer dmo_999999.nothing")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(valid))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"distri mirror\"");

    assertThat(receivedAt(mirror.id())).isNull();
  }

  @Test
  void everyAcknowledgedReportOfManyAtOnceIsTheOneStored() throws Exception {
    int mirrors = 20;
    int reportsEach = 15;
    List<EnrollmentResponse> enrolled = new ArrayList<>();
    for (int i = 0; i < mirrors; i++) {
      enrolled.add(enroll());
    }
    // each mirror's node reports in sequence, all mirrors at once: the writer batches across them
    List<CompletableFuture<Long>> lastAcknowledged = new ArrayList<>();
    for (EnrollmentResponse mirror : enrolled) {
      CompletableFuture<Long> chain = CompletableFuture.completedFuture(0L);
      for (long counter = 1; counter <= reportsEach; counter++) {
        long n = counter;
        chain =
            chain.thenCompose(
                previous -> {
                  try {
                    return HTTP.sendAsync(
                            report(mirror.id())
                                .header("Authorization", "Bearer " + mirror.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body(n)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .thenApply(
                            response -> {
                              assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                              return n;
                            });
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
      }
      lastAcknowledged.add(chain);
    }
    for (int i = 0; i < mirrors; i++) {
      long id = enrolled.get(i).id();
      assertThat(lastAcknowledged.get(i).join()).isEqualTo(reportsEach);
      byte[] stored =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT report_json FROM mirror_reports WHERE mirror_id = :id")
                      .bind("id", id)
                      .mapTo(byte[].class)
                      .one());
      assertThat(JSON.readTree(stored).get("served").get("zstd").get("requests").asLong())
          .as("mirror %d", id)
          .isEqualTo(reportsEach);
    }
  }
}
