package org.distr1.mirrors.coordinator.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.distr1.mirrors.coordinator.AppDatabase;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.registry.ApiCall;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The propagation samples through a real coordinator: its origin scanner over a sample repository
 * in distri's layout, a mirror enrolled, approved and reporting over HTTP, a publication moving
 * {@code master}; the JSON and the SVG as a browser gets them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PropagationApiTest {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Path DATA = TestCoordinator.newDataDir();
  static final SampleRepository ORIGIN = generate();

  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA,
          ConfigOverride.config("origin.root", ORIGIN.root().toString()),
          ConfigOverride.config("origin.rescanInterval", "200ms"),
          ConfigOverride.config("propagation.flushInterval", "200ms"));

  static long id;
  static String token;

  static SampleRepository generate() {
    try {
      return SampleRepository.generate(DATA.resolve("origin"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void enroll() throws Exception {
    String maintainer;
    try (AppDatabase db = AppDatabase.open(DATA)) {
      maintainer = db.maintainerToken("propagation-test");
    }
    JsonNode enrolled =
        call(
            "POST",
            "/v1/mirrors",
            null,
            Map.of(
                "name", "Frankfurt <mirror>",
                "baseUrl", "http://127.0.0.1:9/fra/",
                "contactEmail", "ops@example.org",
                "bandwidthMbps", 1000,
                "rsyncSources", List.of("127.0.0.1")),
            201);
    id = enrolled.get("id").asLong();
    token = enrolled.get("token").asText();
    call("POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null, 200);
  }

  /**
   * The node's report: its indexes as the origin holds them now, with {@code master}'s replaced.
   */
  static void report(String master) throws Exception {
    Map<String, String> digests = originDigests();
    if (master != null) {
      digests.put("master", master);
    }
    Map<String, Object> report = new HashMap<>();
    report.put("nodeVersion", "0.1.0");
    report.put("nodeTime", Instant.now().toString());
    report.put(
        "lastSuccessfulSync",
        Map.of(
            "startedAt", Instant.now().minusSeconds(60).toString(),
            "finishedAt", Instant.now().toString(),
            "bytes", 1000));
    report.put("indexDigests", digests);
    call("POST", "/v1/mirrors/" + id + "/reports", token, report, 200);
  }

  static Map<String, String> originDigests() throws Exception {
    Map<String, String> digests = new TreeMap<>();
    // as a node's tree holds them: through master and the other links
    try (Stream<Path> walk = Files.walk(ORIGIN.root(), FileVisitOption.FOLLOW_LINKS)) {
      for (Path file : walk.filter(p -> p.endsWith(ReleaseIndex.FILE_NAME)).toList()) {
        String path = "distri/" + ORIGIN.root().relativize(file);
        digests.put(ReleaseIndex.releaseOf(path), ReleaseIndex.sha256Hex(file));
      }
    }
    return digests;
  }

  static JsonNode propagation() throws Exception {
    return call("GET", "/v1/propagation?hours=24", null, null, 200);
  }

  /** The mirror's samples of {@code master} (a publication also adds a commit's indexes). */
  static List<JsonNode> samples() throws Exception {
    List<JsonNode> master = new java.util.ArrayList<>();
    propagation().get("mirrors").get(0).get("samples").forEach(master::add);
    master.removeIf(s -> !s.get("index").asText().equals("master"));
    return master;
  }

  @Test
  void aPublicationReachingTheMirrorIsSampledAndPlotted() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> propagation().get("changes").toString().contains("\"index\":\"master\""));
    report("00".repeat(32)); // behind on master
    report(null); // caught up
    await().atMost(Duration.ofSeconds(20)).until(() -> samples().size() == 1);
    assertThat(samples().get(0).get("index").asText()).isEqualTo("master");
    assertThat(samples().get(0).get("caughtUpAt").isNull()).isFalse();

    String before = originDigests().get("master");
    ORIGIN.publish();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<JsonNode> s = samples();
              // still behind on the new master, so far
              return s.size() == 2 && s.get(1).get("caughtUpAt").isNull();
            });
    report(before); // not yet
    report(null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<JsonNode> s = samples();
              return s.size() == 2 && !s.get(1).get("caughtUpAt").isNull();
            });
    assertThat(samples().get(1).get("lagSeconds").asLong()).isBetween(0L, 60L);
    assertThat(propagation().get("mirrors").get(0).get("name").asText())
        .isEqualTo("Frankfurt <mirror>");

    HttpResponse<String> svg = get("/v1/propagation.svg");
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
    var doc =
        DocumentBuilderFactory.newDefaultInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.body().getBytes(StandardCharsets.UTF_8)));
    // a point per sample: master's two, and the publication's new debug and src indexes, which
    // the mirror was last heard holding the old ones of
    int all = propagation().get("mirrors").get(0).get("samples").size();
    assertThat(all).isGreaterThanOrEqualTo(2);
    assertThat(doc.getElementsByTagName("circle").getLength()).as(svg.body()).isEqualTo(all);
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(1);
    assertThat(svg.body()).as(svg.body()).contains("Frankfurt &lt;mirror&gt;");
  }

  @Test
  void aBadWindowIsABadRequest() throws Exception {
    for (String path : List.of("/v1/propagation?hours=0", "/v1/propagation.svg?hours=x")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.get("code").asText()).isEqualTo("invalid_parameter");
      assertThat(error.get("message").asText()).contains("1 to 168");
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(TestCoordinator.api(APP) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode call(String method, String path, String token, Object body, int expected)
      throws Exception {
    HttpResponse<String> response =
        ApiCall.send(HTTP, TestCoordinator.api(APP), method, path, token, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    return JSON.readTree(response.body());
  }
}
