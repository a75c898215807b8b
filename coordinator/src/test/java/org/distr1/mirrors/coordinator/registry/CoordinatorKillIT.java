package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator process killed with SIGKILL right after acknowledged writes loses none of them.
 */
@Tag("database")
class CoordinatorKillIT {

  static final ObjectMapper JSON = Jackson.newObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  CoordinatorProcess coordinator;

  @AfterEach
  void stop() throws Exception {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  HttpResponse<String> call(String method, String path, String token, Object body)
      throws Exception {
    return ApiCall.send(http, coordinator.api(), method, path, token, body);
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    coordinator = new CoordinatorProcess(dir, "", "");
    String maintainer =
        coordinator
            .command("maintainer-token", "create", "alice")
            .lines()
            .filter(line -> line.startsWith("dmm_"))
            .findFirst()
            .orElseThrow();
    coordinator.start();

    Map<Long, String> tokens = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      Map<String, Object> body = RegistryClient.enrollment("http://127.0.0.1:9/kill" + i, Map.of());
      HttpResponse<String> response = call("POST", "/v1/mirrors", null, body);
      assertThat(response.statusCode()).isEqualTo(201);
      JsonNode enrolled = JSON.readTree(response.body());
      tokens.put(enrolled.get("id").asLong(), enrolled.get("token").asText());
    }
    List<Long> ids = new ArrayList<>(tokens.keySet());
    List<Long> approved = ids.subList(0, 10);
    for (long id : approved) {
      assertThat(
              call("POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null).statusCode())
          .isEqualTo(200);
    }
    Instant reportTime = Instant.now();
    for (long id : ids) {
      HttpResponse<String> report =
          call(
              "POST",
              "/v1/mirrors/" + id + "/reports",
              tokens.get(id),
              RegistryApiTest.report(reportTime, Map.of("jackherer", "digest-" + id)));
      assertThat(report.statusCode()).isEqualTo(200);
    }
    coordinator.kill();

    coordinator.start();
    JsonNode mirrors = JSON.readTree(call("GET", "/v1/admin/mirrors", maintainer, null).body());
    Map<Long, JsonNode> byId = new HashMap<>();
    mirrors.forEach(mirror -> byId.put(mirror.get("id").asLong(), mirror));
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    for (long id : ids) {
      JsonNode mirror = byId.get(id);
      assertThat(mirror.get("state").asText())
          .isEqualTo(approved.contains(id) ? "approved" : "pending");
      assertThat(
              mirror.get("lastReport").get("report").get("indexDigests").get("jackherer").asText())
          .isEqualTo("digest-" + id);
      // the token hashes survived too
      assertThat(call("GET", "/v1/mirrors/" + id, tokens.get(id), null).statusCode())
          .isEqualTo(200);
    }
    JsonNode audit =
        JSON.readTree(call("GET", "/v1/admin/audit?limit=500", maintainer, null).body());
    assertThat(audit.findValuesAsText("action").stream().filter("mirror.approve"::equals))
        .hasSize(10);
  }
}
