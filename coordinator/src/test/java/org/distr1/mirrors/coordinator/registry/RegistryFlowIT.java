package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole registry flow between real processes: a real rsync daemon serves a generated origin; a
 * real node enrolls itself with the {@code enroll} command, syncs and reports; the coordinator
 * verifies it over HTTP, the maintainer approves it, and when the origin's index changes the
 * coordinator's answer to a report makes the node sync at once.
 */
class RegistryFlowIT {

  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final String PROBE = SampleRepository.indexPath("supersilverhaze");

  final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  CoordinatorProcess coordinator;
  Process node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coordinator.api() + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  int post(String path, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(coordinator.api() + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void enrollVerifyApproveReportAndPushTriggeredSync() throws Exception {
    SampleRepository origin = SampleRepository.generate(dir.resolve("origin"));
    try (RsyncDaemon upstream = RsyncDaemon.builder(origin.root()).start()) {
      coordinator =
          new CoordinatorProcess(
              Files.createDirectories(dir.resolve("coordinator")),
              """
            verification:
              enabled: true
              interval: 1 hour
              probeFile: %s
              minDisk: 1 MiB
          """
                  .formatted(PROBE.substring("distri/".length())),
              "origin: {root: %s, upstreamHost: %s}\n"
                  .formatted(origin.root(), upstream.address()));
      String maintainer =
          coordinator
              .command("maintainer-token", "create", "alice")
              .lines()
              .filter(line -> line.startsWith("dmm_"))
              .findFirst()
              .orElseThrow();
      coordinator.start();

      int nodePort = CoordinatorProcess.freePort();
      Path tokenFile = dir.resolve("node/token");
      String enrolled =
          NodeCommands.run(
              NodeCommands.enroll(
                  coordinator.port(), "flow mirror", "http://127.0.0.1:" + nodePort, tokenFile));
      assertThat(enrolled).contains("enrolled as mirror 1 (pending)");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");

      Path config =
          NodeCommands.config(
              dir.resolve("node"),
              upstream.url(),
              coordinator.port(),
              tokenFile,
              Duration.ofSeconds(10),
              nodePort,
              0);
      node = NodeCommands.start(config);

      // the node synced and reported
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                JsonNode report = get("/v1/admin/mirrors/1", maintainer).get("lastReport");
                return report != null
                    && !report.isNull()
                    && !report.get("report").get("lastSuccessfulSync").isNull();
              });

      assertThat(post("/v1/admin/mirrors/1/verify", maintainer)).isEqualTo(202);
      // the verification queued at enrollment ran before any report (disk unknown); wait for this
      // one
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  get("/v1/admin/mirrors/1", maintainer)
                      .get("checks")
                      .findValuesAsText("reason")
                      .stream()
                      .anyMatch(reason -> reason.startsWith("reported disk")));
      JsonNode checks = get("/v1/admin/mirrors/1", maintainer).get("checks");
      for (JsonNode check : checks) {
        assertThat(check.get("passed").asBoolean()).as(check.toString()).isTrue();
      }
      assertThat(checks.findValuesAsText("check"))
          .containsExactlyInAnyOrder(
              "reachable", "freshness", "zstd", "gzip", "identity_length", "disk");

      assertThat(post("/v1/admin/mirrors/1/approve", maintainer)).isEqualTo(200);
      JsonNode listed =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(coordinator.api() + "/v1/mirrors")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("checksPassed").asInt()).isEqualTo(6);
      assertThat(listed.get(0).get("freshnessAgeSeconds").asLong()).isBetween(0L, 300L);

      // upstream changes; the node's schedule is an hour away, so only the pushed answer syncs it
      origin.rewriteIndex("jackherer");
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(
                          Files.readAllBytes(
                              origin.resolve(SampleRepository.indexPath("jackherer")))));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  digest.equals(
                      get("/v1/admin/mirrors/1", maintainer)
                          .get("lastReport")
                          .get("report")
                          .get("indexDigests")
                          .path("jackherer")
                          .asText()));
    }
  }
}
