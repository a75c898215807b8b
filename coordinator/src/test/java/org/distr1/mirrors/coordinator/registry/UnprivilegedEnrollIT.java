package org.distr1.mirrors.coordinator.registry;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator guide's enrollment (section 2) as it is written: {@code enroll} run as the
 * unprivileged mirror user ({@code nobody} here, by {@code setpriv}), the token file in a directory
 * made by root. The token is shown only once, so a token file that cannot be written must stop the
 * command before it registers anything.
 */
class UnprivilegedEnrollIT {

  static final ObjectMapper JSON = Jackson.newObjectMapper();

  @TempDir Path dir;
  CoordinatorProcess coordinator;
  String maintainer;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    // the mirror user must reach its directories below the test's own
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    coordinator =
        new CoordinatorProcess(Files.createDirectories(dir.resolve("coordinator")), "", "");
    maintainer =
        coordinator
            .command("maintainer-token", "create", "alice")
            .lines()
            .filter(line -> line.startsWith("dmm_"))
            .findFirst()
            .orElseThrow();
    coordinator.start();
  }

  @AfterEach
  void stop() throws Exception {
    coordinator.close();
  }

  @Test
  void aTokenFileTheUserCannotWriteStopsEnrollmentBeforeItRegisters() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc/distri-mirror")); // root's, 0755
    Result result = enrollAsNobody(etc.resolve("token"));

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains(
            "cannot write the token file "
                + etc.resolve("token")
                + " as nobody (permission denied)")
        .contains("nothing was enrolled")
        .contains("install -d -o nobody -m 0750 " + etc)
        .doesNotContain("\tat ");
    assertThat(mirrors()).as("no mirror registered").isEmpty();
  }

  @Test
  void theGuidesDirectoryOwnedByTheMirrorUserTakesTheToken() throws Exception {
    Path etc = dir.resolve("etc/distri-mirror");
    Files.createDirectories(etc.getParent());
    // the guide's step 1, literally
    assertThat(
            run(List.of(
                    "install", "-d", "-o", "nobody", "-g", "nogroup", "-m", "0750", etc.toString()))
                .exitCode())
        .isZero();
    Result result = enrollAsNobody(etc.resolve("token"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("enrolled as mirror 1 (pending)");
    Path token = etc.resolve("token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    assertThat(Files.getOwner(token).getName()).isEqualTo("nobody");
    assertThat(Files.readString(token)).startsWith("dmo_1.");
    assertThat(mirrors()).hasSize(1);
  }

  private Result enrollAsNobody(Path tokenFile) throws Exception {
    List<String> asNobody =
        List.of(
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            // no hsperfdata_nobody left in /tmp
            "java",
            "-XX:-UsePerfData",
            "-jar",
            NodeCommands.NODE_JAR.toString());
    return run(
        NodeCommands.enroll(
            asNobody,
            coordinator.port(),
            "Example University",
            "http://127.0.0.1:" + CoordinatorProcess.freePort(),
            tokenFile));
  }

  private JsonNode mirrors() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coordinator.api() + "/v1/admin/mirrors"))
                .header("Authorization", "Bearer " + maintainer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
