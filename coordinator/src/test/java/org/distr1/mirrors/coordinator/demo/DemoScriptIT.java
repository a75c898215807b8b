package org.distr1.mirrors.coordinator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.distr1.mirrors.coordinator.ScriptProcess;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, for real: {@code config/scripts/demo.sh} on free loopback ports starts
 * the upstream, the coordinator and three nodes; the commands it prints send a client of each
 * continent to that continent's node, which serves the origin's bytes; SIGINT stops every process
 * it started and frees every port; and a second run in the same place works. {@link
 * DemoPostgresScriptIT} runs it with {@code DEMO_DATABASE=postgres}.
 */
class DemoScriptIT {
  static final Path SCRIPT = Path.of("../config/scripts/demo.sh").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The script's port layout: coordinator, its admin, rsync, and each node with its admin. */
  static final List<Integer> OFFSETS = List.of(0, 1, 2, 10, 11, 20, 21, 30, 31);

  /** The example client of each continent (config/demo/networks.txt) and its node's offset. */
  static final Map<String, Integer> NODE_OF_CLIENT =
      Map.of("198.51.100.7", 10, "192.0.2.5", 20, "203.0.113.9", 30);

  static final Pattern CLIENT_COMMAND =
      Pattern.compile("curl -sI -H \"X-Forwarded-For: ([0-9.]+)\" (http://\\S+)");

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  @TempDir Path dir;
  Demo demo;

  /** One run of the script. */
  static final class Demo {
    final ScriptProcess script;
    final Process process;
    final StringBuffer output;

    Demo(int base, Path work) throws IOException {
      this(base, work, "h2");
    }

    Demo(int base, Path work, String database) throws IOException {
      script =
          new ScriptProcess(
              SCRIPT,
              Map.of(
                  "DEMO_PORT_BASE",
                  Integer.toString(base),
                  "DEMO_DIR",
                  work.toString(),
                  "DEMO_NO_BUILD",
                  "1",
                  "DEMO_DATABASE",
                  database));
      process = script.process;
      output = script.output;
    }

    void awaitReady() {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                assertThat(process.isAlive()).as("the demo exited early:\n%s", output).isTrue();
                // the last line of the ready message, not its first: the example commands the test
                // reads come in between and may not have been read from the pipe yet
                return output.indexOf("Ctrl-C stops everything.") >= 0;
              });
    }

    int interrupt() throws Exception {
      return script.interrupt();
    }
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (demo != null) {
      demo.script.destroy();
    }
  }

  @Test
  void startsTheNetworkRoutesEachContinentStopsOnSigintAndRunsAgain() throws Exception {
    int base = freePortBase();
    Path work = dir.resolve("demo");

    demo = new Demo(base, work);
    demo.awaitReady();
    Matcher commands = CLIENT_COMMAND.matcher(demo.output);
    int clients = 0;
    while (commands.find()) {
      Integer node = NODE_OF_CLIENT.get(commands.group(1));
      if (node != null) {
        assertClientServedBy(URI.create(commands.group(2)), commands.group(1), base + node, work);
        clients++;
      }
    }
    assertThat(clients).as(demo.output.toString()).isEqualTo(3);
    URI file = firstPrintedFile(demo.output);
    JsonNode mirrorlist =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create(file + "?mirrorlist"))
                        .header("Accept", "application/json")
                        .header("X-Forwarded-For", "198.51.100.7")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertThat(mirrorlist.get("candidates")).as(mirrorlist.toString()).hasSize(3);
    assertThat(mirrorlist.get("candidates").get(0).get("name").asText())
        .isEqualTo("Frankfurt demo mirror");
    JsonNode listed =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + base + "/api/v1/mirrors"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertThat(listed).hasSize(3);

    List<ProcessHandle> started = demo.process.descendants().toList();
    assertThat(started.stream().map(child -> child.info().command().orElse("")))
        .as("rsync daemon, coordinator and three nodes")
        .filteredOn(command -> command.endsWith("java") || command.endsWith("rsync"))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(demo.interrupt()).isEqualTo(130);
    assertThat(started)
        .allSatisfy(child -> assertThat(child.isAlive()).as(child.info().toString()).isFalse());
    assertPortsFree(base);

    demo = new Demo(base, work);
    demo.awaitReady();
    assertClientServedBy(file, "203.0.113.9", base + 30, work);
    assertThat(demo.interrupt()).isEqualTo(130);
    assertPortsFree(base);
  }

  /** {@code curl -I} as the client: a 302 to the node; the node answers with the origin's bytes. */
  void assertClientServedBy(URI file, String client, int nodePort, Path work) throws Exception {
    assertClientServedBy(http, file, client, nodePort, work);
  }

  static void assertClientServedBy(
      HttpClient http, URI file, String client, int nodePort, Path work) throws Exception {
    HttpResponse<Void> redirect =
        http.send(
            HttpRequest.newBuilder(file)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-For", client)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).as(client).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).as(client).isEqualTo("http://127.0.0.1:" + nodePort + file.getPath());
    HttpResponse<byte[]> served =
        http.send(
            HttpRequest.newBuilder(URI.create(location)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body())
        .isEqualTo(
            Files.readAllBytes(
                SampleRepository.resolveIn(work.resolve("upstream"), file.getPath().substring(1))));
  }

  static URI firstPrintedFile(CharSequence output) {
    Matcher command = CLIENT_COMMAND.matcher(output);
    assertThat(command.find()).isTrue();
    return URI.create(command.group(2));
  }

  static void assertPortsFree(int base) {
    for (int offset : OFFSETS) {
      assertThat(bindable(base + offset)).as("port %d is free", base + offset).isTrue();
    }
  }

  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A base where every port of the script's layout is free now. */
  static int freePortBase() {
    return freePortBase(OFFSETS);
  }

  static int freePortBase(List<Integer> offsets) {
    return IntStream.generate(() -> 20_000 + 100 * ThreadLocalRandom.current().nextInt(120))
        .limit(1000)
        .filter(base -> offsets.stream().allMatch(offset -> bindable(base + offset)))
        .findFirst()
        .orElseThrow();
  }
}
