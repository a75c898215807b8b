package org.distr1.mirrors.coordinator.stats;

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
import java.time.Duration;
import java.time.Instant;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real coordinator counts in memory and writes once per flush interval: a SIGKILL loses at most
 * what it counted since its last flush (one interval), a clean stop loses nothing.
 */
@Tag("database")
class StatsKillIT {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final String STATS =
      "/v1/stats?by=reason&granularity=day&from=" + Instant.now().minus(Duration.ofDays(2));

  final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  CoordinatorProcess coordinator;

  @AfterEach
  void stop() throws Exception {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  /** Requests for a file no mirror has: the origin serves each, reason no-mirror. */
  void download(int times) throws Exception {
    for (int i = 0; i < times; i++) {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + coordinator.port()
                              + "/distri/jackherer/pkg/zsh-amd64-5.8-1.squashfs"))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  long counted() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coordinator.api() + STATS)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    if (answer.get("total").asLong() > 0) {
      assertThat(answer.get("series").get(0).get("key").asText()).isEqualTo("no-mirror");
    }
    return answer.get("total").asLong();
  }

  @Test
  void aKilledCoordinatorLosesAtMostOneIntervalAndAStoppedOneNothing() throws Exception {
    Path origin = Files.createDirectories(dir.resolve("origin/jackherer/pkg"));
    Files.writeString(origin.resolve("zsh-amd64-5.8-1.squashfs"), "squashfs");
    coordinator =
        new CoordinatorProcess(
            dir,
            "",
            "origin: {root: %s}\nstats:\n  flushInterval: 2 seconds\n"
                .formatted(dir.resolve("origin")));
    coordinator.start();
    download(40);
    await().atMost(Duration.ofSeconds(60)).until(() -> counted() == 40);

    // counted since the last flush, then killed before the next one can have run
    download(25);
    coordinator.kill();
    coordinator.start();
    long afterKill = counted();
    assertThat(afterKill).isBetween(40L, 65L);

    download(30);
    coordinator.close();
    coordinator.start();
    assertThat(counted()).isEqualTo(afterKill + 30);

    HttpResponse<String> mistake =
        http.send(
            HttpRequest.newBuilder(URI.create(coordinator.api() + "/v1/stats?granularity=week"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(mistake.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(mistake.body()).get("message").asText())
        .isEqualTo("granularity is hour or day, not 'week'");
  }
}
