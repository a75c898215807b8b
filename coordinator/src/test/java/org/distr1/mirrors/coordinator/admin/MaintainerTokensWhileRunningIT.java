package org.distr1.mirrors.coordinator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaked maintainer token is revoked, and a new maintainer made, while the coordinator keeps
 * running on its embedded H2 file: through the admin API. The command line, which cannot open a
 * database the running coordinator holds, says so in one line and where to go instead.
 */
class MaintainerTokensWhileRunningIT {

  static final ObjectMapper JSON = Jackson.newObjectMapper();

  @TempDir Path dir;
  CoordinatorProcess coordinator;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void tokensAreMadeAndRevokedWithoutStoppingTheCoordinator() throws Exception {
    coordinator =
        new CoordinatorProcess(Files.createDirectories(dir.resolve("coordinator")), "", "");
    String alice = token(coordinator.command("maintainer-token", "create", "alice"));
    coordinator.start();

    var cli = coordinator.tryCommand("maintainer-token", "revoke", "alice");
    assertThat(cli.exitCode()).as(cli.output()).isNotZero();
    assertThat(cli.output())
        .contains("held by the running coordinator")
        .contains("admin API")
        .doesNotContain("\tat ");
    assertThat(Files.readString(coordinator.log())).doesNotContain("already in use");

    HttpResponse<String> created = send("POST", "/v1/admin/maintainers/bob/token", alice);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(created.body());
    assertThat(answer.get("name").asText()).isEqualTo("bob");
    String bob = answer.get("token").asText();
    assertThat(bob).startsWith("dmm_");
    assertThat(send("GET", "/v1/admin/mirrors", bob).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(send("GET", "/v1/admin/maintainers", bob).body()).toString())
        .isEqualTo("[\"alice\",\"bob\"]");

    // alice's token leaked: bob revokes it, at once it no longer works
    assertThat(send("DELETE", "/v1/admin/maintainers/alice", bob).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/v1/admin/mirrors", alice).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/v1/admin/maintainers/alice", bob).statusCode()).isEqualTo(404);

    // a maintainer can also replace their own token: the old one stops working
    String bobAgain =
        JSON.readTree(send("POST", "/v1/admin/maintainers/bob/token", bob).body())
            .get("token")
            .asText();
    assertThat(send("GET", "/v1/admin/mirrors", bob).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/admin/mirrors", bobAgain).statusCode()).isEqualTo(200);

    HttpResponse<String> invalid =
        send("POST", "/v1/admin/maintainers/Bob%20Smith/token", bobAgain);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(invalid.body()).get("code").asText()).isEqualTo("invalid_name");
    assertThat(JSON.readTree(send("GET", "/v1/admin/maintainers", bobAgain).body()).toString())
        .isEqualTo("[\"bob\"]");
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(coordinator.api() + path))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String output) {
    return output.lines().filter(line -> line.startsWith("dmm_")).findFirst().orElseThrow();
  }
}
