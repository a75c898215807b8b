package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator processes on one PostgreSQL database; the one running the once-per-network jobs
 * is killed with SIGKILL in the middle of a stream of acknowledged allowlist edits and node reports
 * sent to both. The other carries on, holds every acknowledged write, and takes the jobs.
 */
@Tag("database")
class TwoCoordinatorsKillIT {

  static final ObjectMapper JSON = Jackson.newObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  final List<CoordinatorProcess> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (CoordinatorProcess process : processes) {
      process.close();
    }
  }

  CoordinatorProcess coordinator(String name) throws IOException {
    Path own = Files.createDirectories(dir.resolve(name));
    // continues the allowlist: section the process writes last
    CoordinatorProcess process =
        new CoordinatorProcess(
            own,
            dir.resolve("db"),
            "",
            "  fragmentFile: " + own.resolve("allow.conf") + "\ncluster:\n  poll: 100ms\n");
    processes.add(process);
    return process;
  }

  HttpResponse<String> call(
      CoordinatorProcess to, String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    return ApiCall.send(http, to.api(), method, path, token, body);
  }

  @Test
  void theOtherCoordinatorHoldsEveryAcknowledgedWriteAndTakesTheJobs() throws Exception {
    Assumptions.assumeTrue(
        TestDatabase.onPostgres(), "only PostgreSQL is shared by several coordinators");
    CoordinatorProcess a = coordinator("a");
    String maintainer =
        a.command("maintainer-token", "create", "alice")
            .lines()
            .filter(line -> line.startsWith("dmm_"))
            .findFirst()
            .orElseThrow();
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("a/allow.conf")));
    CoordinatorProcess b = coordinator("b");
    b.start();

    Map<Long, String> tokens = new ConcurrentHashMap<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> enrolled =
          call(
              i % 2 == 0 ? a : b,
              "POST",
              "/v1/mirrors",
              null,
              RegistryClient.enrollment("http://127.0.0.1:9/two" + i, Map.of()));
      assertThat(enrolled.statusCode()).isEqualTo(201);
      JsonNode body = JSON.readTree(enrolled.body());
      tokens.put(body.get("id").asLong(), body.get("token").asText());
    }

    // each writer sends one after another, alternating between the coordinators
    Set<String> acknowledgedCidrs = ConcurrentHashMap.newKeySet();
    Map<Long, Integer> acknowledgedReport = new ConcurrentHashMap<>();
    Map<Long, Integer> sentReport = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch halfway = new CountDownLatch(20);
    List<Thread> writers = new ArrayList<>();
    writers.add(
        new Thread(
            () -> {
              for (int n = 0; writing.get() && n < 250; n++) {
                String cidr = "198.51." + (n / 250) + "." + n + "/32";
                try {
                  if (call(
                              n % 2 == 0 ? a : b,
                              "POST",
                              "/v1/admin/allowlist",
                              maintainer,
                              Map.of("cidr", cidr, "comment", "stream"))
                          .statusCode()
                      == 201) {
                    acknowledgedCidrs.add(cidr);
                    halfway.countDown();
                  }
                } catch (IOException e) {
                  // the killed coordinator: not acknowledged
                } catch (InterruptedException e) {
                  return;
                }
              }
            }));
    for (long id : tokens.keySet()) {
      writers.add(
          new Thread(
              () -> {
                for (int n = 1; writing.get(); n++) {
                  sentReport.put(id, n);
                  try {
                    if (call(
                                n % 2 == 0 ? a : b,
                                "POST",
                                "/v1/mirrors/" + id + "/reports",
                                tokens.get(id),
                                RegistryApiTest.report(Instant.now(), Map.of("jackherer", "n" + n)))
                            .statusCode()
                        == 200) {
                      acknowledgedReport.put(id, n);
                    }
                  } catch (IOException e) {
                    // the killed coordinator: not acknowledged
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }
    writers.forEach(Thread::start);
    halfway.await();
    a.kill();
    Set<String> beforeKill = new HashSet<>(acknowledgedCidrs);
    // b goes on answering: more writes are acknowledged after the kill
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> acknowledgedCidrs.size() > beforeKill.size() + 10);
    writing.set(false);
    for (Thread writer : writers) {
      writer.join(60_000);
    }

    JsonNode entries =
        JSON.readTree(call(b, "GET", "/v1/admin/allowlist", maintainer, null).body());
    Set<String> stored = new HashSet<>(entries.findValuesAsText("cidr"));
    assertThat(stored).containsAll(acknowledgedCidrs);
    assertThat(acknowledgedReport).containsOnlyKeys(tokens.keySet());
    for (long id : tokens.keySet()) {
      JsonNode mirror =
          JSON.readTree(call(b, "GET", "/v1/admin/mirrors/" + id, maintainer, null).body());
      int storedN =
          Integer.parseInt(
              mirror
                  .path("lastReport")
                  .path("report")
                  .path("indexDigests")
                  .path("jackherer")
                  .asText()
                  .substring(1));
      // the last acknowledged report, or one sent after it whose answer the kill cut off
      assertThat(storedN).isBetween(acknowledgedReport.get(id), sentReport.get(id));
    }
    // the jobs moved: b writes the fragment, with every acknowledged entry
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.exists(dir.resolve("b/allow.conf"))
                    && acknowledgedCidrs.stream().allMatch(cidrIn(dir.resolve("b/allow.conf"))));
  }

  static java.util.function.Predicate<String> cidrIn(Path fragment) {
    return cidr -> {
      try {
        List<String> words = List.of(Files.readString(fragment).split("[\\s,]+"));
        return words.contains(cidr) || words.contains(cidr.replace("/32", ""));
      } catch (IOException e) {
        return false;
      }
    };
  }
}
