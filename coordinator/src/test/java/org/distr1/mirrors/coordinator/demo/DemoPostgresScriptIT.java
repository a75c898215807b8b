package org.distr1.mirrors.coordinator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/scripts/demo.sh} with {@code DEMO_DATABASE=postgres} (issue 17 item 6): PostgreSQL,
 * a streaming replica and the regional coordinator (Asia) beside the rest of {@link DemoScriptIT}'s
 * network; the regional coordinator routes the Asian client to the Tokyo node and sends writes to
 * the primary; SIGINT stops the database servers too. A class of its own, so that it runs beside
 * the H2 demo rather than after it.
 */
class DemoPostgresScriptIT {
  /**
   * The H2 layout and the primary's and the replica's ports, the regional coordinator and admin.
   */
  static final List<Integer> POSTGRES_OFFSETS =
      List.of(0, 1, 2, 3, 4, 5, 6, 10, 11, 20, 21, 30, 31);

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  @TempDir Path dir;
  DemoScriptIT.Demo demo;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (demo != null) {
      demo.script.destroy();
    }
  }

  @Test
  void onPostgresStartsARegionalCoordinatorThatRoutesAsiaAndStopsEverythingOnSigint()
      throws Exception {
    int base = DemoScriptIT.freePortBase(POSTGRES_OFFSETS);
    Path work = dir.resolve("demo");

    demo = new DemoScriptIT.Demo(base, work, "postgres");
    demo.awaitReady();
    // the three clients of the primary and the Asian client of the regional coordinator
    Matcher commands = DemoScriptIT.CLIENT_COMMAND.matcher(demo.output);
    int clients = 0;
    boolean regionalAsked = false;
    URI regional = URI.create("http://127.0.0.1:" + (base + 5));
    while (commands.find()) {
      Integer node = DemoScriptIT.NODE_OF_CLIENT.get(commands.group(1));
      if (node != null) {
        URI file = URI.create(commands.group(2));
        DemoScriptIT.assertClientServedBy(http, file, commands.group(1), base + node, work);
        regionalAsked |= file.getPort() == regional.getPort();
        clients++;
      }
    }
    assertThat(clients).as(demo.output.toString()).isEqualTo(4);
    assertThat(regionalAsked).as(demo.output.toString()).isTrue();
    // writes go to the primary, with the method kept
    HttpResponse<Void> write =
        http.send(
            HttpRequest.newBuilder(regional.resolve("/api/v1/mirrors"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(write.statusCode()).isEqualTo(307);
    assertThat(write.headers().firstValue("Location").orElseThrow())
        .isEqualTo("http://127.0.0.1:" + base + "/api/v1/mirrors");

    Path postgres = work.resolve("postgres").toRealPath();
    List<ProcessHandle> started = demo.process.descendants().toList();
    assertThat(started.stream().map(child -> child.info().command().orElse("")))
        .as("two PostgreSQL servers")
        .filteredOn(command -> command.endsWith("/postgres"))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(demo.interrupt()).isEqualTo(130);
    assertThat(started)
        .allSatisfy(child -> assertThat(child.isAlive()).as(child.info().toString()).isFalse());
    for (int offset : POSTGRES_OFFSETS) {
      assertThat(DemoScriptIT.bindable(base + offset))
          .as("port %d is free", base + offset)
          .isTrue();
    }
    if (!postgres.startsWith(work)) { // as root the servers' data lives outside DEMO_DIR
      assertThat(postgres).as("the servers' data, removed at the end").doesNotExist();
    }
  }
}
