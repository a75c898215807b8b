package org.distr1.mirrors.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.testing.PrometheusScrape;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.distr1.mirrors.shared.testing.TempDirApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node app in-process on a real port: {@code /_mirror/status} and the freshness file. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MirrorEndpointsIT {

  private static final Path WORK = TempDirApp.newDir("mirror-endpoints");
  private static final RsyncDaemon DAEMON = upstream(WORK.resolve("upstream"));

  private static final DropwizardAppExtension<NodeConfiguration> APP =
      new TempDirApp<>(
          WORK,
          NodeApplication.class,
          ResourceHelpers.resourceFilePath("node-test.yml"),
          ConfigOverride.config("sync.upstream", DAEMON::url),
          ConfigOverride.config("sync.mirrorRoot", WORK.resolve("mirror").toString()));

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void awaitFirstSync() {
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(freshnessFile()));
  }

  @AfterAll
  static void stopUpstream() {
    DAEMON.close();
  }

  private static Path freshnessFile() {
    return WORK.resolve("mirror/_mirror/last-sync-from/127.0.0.1");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void adminMetricsAreThePrometheusTextFormat() throws Exception {
    URI metrics = URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics");
    PrometheusScrape.Text text = PrometheusScrape.text(metrics);
    // the first sync has finished (awaitFirstSync): its outcome is a counter, its duration a
    // summary
    assertThat(text.body())
        .contains(
            "# TYPE node_sync_result_success_total counter",
            "node_sync_result_success_total 1.0",
            "# TYPE node_sync_duration summary");
    assertThat(PrometheusScrape.lintAbout(text, "node_")).isEmpty();
    assertThat(PrometheusScrape.families(metrics)).containsKey("node_sync_result_success_total");
  }

  @Test
  void statusShowsTheServedSnapshotAndIndexDigests() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/_mirror/status").body().contains("\"state\":\"idle\""));
    var response = get("/_mirror/status");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode status = APP.getObjectMapper().readTree(response.body());
    assertThat(status.get("upstream").asText()).isEqualTo(DAEMON.url());
    assertThat(status.get("snapshotId").asText())
        .isEqualTo(Files.readSymbolicLink(WORK.resolve("mirror/current")).getFileName().toString());
    assertThat(status.get("indexDigests").get("jackherer").asText()).hasSize(64);
    assertThat(status.get("lastResult").get("outcome").asText()).isEqualTo("success");
    assertThat(status.get("lastResult").get("rsyncExitCode").asInt()).isZero();
    assertThat(status.get("lastSuccessStart").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void freshnessFileIsServedAsWritten() throws Exception {
    var response = get("/_mirror/last-sync-from/127.0.0.1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    assertThat(response.body()).isEqualTo(Files.readString(freshnessFile())).matches("\\d+\n");
  }

  @Test
  void unknownOrInvalidUpstreamHostsAreRefused() throws Exception {
    assertThat(get("/_mirror/last-sync-from/other.example").statusCode()).isEqualTo(404);
    // Jetty refuses encoded slashes before Jersey sees them
    assertThat(get("/_mirror/last-sync-from/..%2F..%2Fetc").statusCode()).isIn(400, 404);
    assertThat(get("/_mirror/last-sync-from/").statusCode()).isEqualTo(404);
  }

  /**
   * {@code /_mirror/*} (Jersey), the file server and Jetty itself: one ApiError shape, as the
   * coordinator's.
   */
  @Test
  void everyErrorHasTheOneApiErrorShape() throws Exception {
    record Case(String method, String path, int status, String code) {}
    for (Case c :
        List.of(
            new Case("GET", "/_mirror/last-sync-from/other.example", 404, "not_found"),
            new Case("GET", "/_mirror/no-such-endpoint", 404, "not_found"),
            new Case("DELETE", "/_mirror/status", 405, "method_not_allowed"),
            new Case("GET", "/distri/no-such-release/pkg/x.squashfs", 404, "not_found"))) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + APP.getLocalPort() + c.path()))
                  .method(c.method(), HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(c.toString()).isEqualTo(c.status());
      JsonNode body = JSON.readTree(response.body());
      assertThat(ImmutableList.copyOf(body.fieldNames()))
          .as(c + ": " + response.body())
          .containsExactly("status", "code", "message");
      assertThat(body.get("status").asInt()).isEqualTo(c.status());
      assertThat(body.get("code").asText()).as(c.toString()).isEqualTo(c.code());
      assertThat(body.get("message").asText()).isNotBlank();
    }
  }

  private static RsyncDaemon upstream(Path dir) {
    try {
      SampleRepository.generate(dir, 5, 1);
      return RsyncDaemon.builder(dir).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
