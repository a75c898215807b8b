package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.distr1.mirrors.coordinator.AppDatabase;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies are read strictly: no coercion between numbers, strings and null, no unknown
 * fields, a declared Content-Encoding that does not hold; each refused with a 4xx naming the field,
 * and changing nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrictInputTest {

  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(DATA, ConfigOverride.config("registry.enrollmentBurst", "100000"));
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static AppDatabase db;
  static Jdbi jdbi;
  static String maintainer;
  static int urls;

  @BeforeAll
  static void setUp() throws Exception {
    db = AppDatabase.open(DATA);
    jdbi = db.jdbi();
    maintainer = db.maintainerToken("alice");
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  static HttpResponse<String> send(
      String method, String path, String token, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TestCoordinator.api(APP) + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static synchronized Map<String, Object> enrollment() {
    return new HashMap<>(RegistryClient.enrollment("http://127.0.0.1:9/s" + (++urls), Map.of()));
  }

  static long mirrors() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM mirrors").mapTo(Long.class).one());
  }

  static JsonNode error(HttpResponse<String> response) throws Exception {
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("status").asInt()).isEqualTo(response.statusCode());
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("com.fasterxml");
    return error;
  }

  @Test
  void aBodyThatIsNotWhatItsContentEncodingSaysIsRefused() throws Exception {
    long before = mirrors();
    byte[] plain = JSON.writeValueAsBytes(enrollment());
    HttpResponse<String> response =
        send("POST", "/v1/mirrors", null, plain, "Content-Encoding", "gzip");
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    error(response);
    assertThat(mirrors()).isEqualTo(before);
    // the same body really gzipped is read (or refused as an encoding the API does not take)
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(JSON.writeValueAsBytes(enrollment()));
    }
    HttpResponse<String> real =
        send("POST", "/v1/mirrors", null, zipped.toByteArray(), "Content-Encoding", "gzip");
    assertThat(real.statusCode()).as(real.body()).isIn(201, 415);
  }

  @Test
  void anUnknownCharsetIsRefusedWithAnAnswer() throws Exception {
    long before = mirrors();
    HttpResponse<String> response =
        send(
            "POST",
            "/v1/mirrors",
            null,
            JSON.writeValueAsBytes(enrollment()),
            "Content-Type",
            "application/json; charset=latin-7");
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    error(response);
    assertThat(mirrors()).isEqualTo(before);
  }

  @Test
  void theStatusPageRefusesOtherMethodsWith405() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(error(response).get("code").asText()).isEqualTo("method_not_allowed");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "name|5",
        "name|true",
        "bandwidthMbps|\"10000\"",
        "bandwidthMbps|10000.5",
        "bandwidthMbps|1.0e4",
        "countryOnly|\"true\"",
        "countryOnly|1",
        "rsyncSources|\"192.0.2.7\"",
        "baseUrl|\"http://mirror.example:99999/distri\"",
        "baseUrl|\"http://mirror.example/a/%2e%2e/%2E%2E/etc\"",
        "baseUrl|\"http://mirror.example/%2e%2e\"",
        "surprise|1",
      })
  void enrollmentFieldsAreTypedStrictly(String field, String json) throws Exception {
    long before = mirrors();
    Map<String, Object> body = enrollment();
    body.put(field, JSON.readTree(json));
    HttpResponse<String> response = send("POST", "/v1/mirrors", null, JSON.writeValueAsBytes(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(error(response).get("message").asText()).contains(field);
    assertThat(mirrors()).isEqualTo(before);
  }

  @ParameterizedTest(name = "adminScore = {0}")
  @CsvSource(
      delimiter = '|',
      value = {"null", "1.5", "\"150\"", "true", "{}", "MISSING"})
  void adminScoreIsAnIntegerOrRefused(String json) throws Exception {
    byte[] body = JSON.writeValueAsBytes(enrollment());
    HttpResponse<String> enrolled = send("POST", "/v1/mirrors", null, body);
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    long id = JSON.readTree(enrolled.body()).get("id").asLong();
    String path = "/v1/admin/mirrors/" + id + "/score";
    String payload = json.equals("MISSING") ? "{}" : "{\"adminScore\": " + json + "}";
    HttpResponse<String> refused =
        send("PUT", path, maintainer, payload.getBytes(StandardCharsets.UTF_8));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(error(refused).get("message").asText()).contains("adminScore");
    int score =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT admin_score FROM mirrors WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .one());
    assertThat(score).isEqualTo(100);
  }
}
