package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.coordinator.registry.ApiCall;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7: distri's client bursts through the real coordinator while {@code master} moves.
 * An upstream laid out like distri's module (200 packages more than the sample's, a few KiB each)
 * publishes a new commit and moves {@code master} every 2.5 s; three real nodes (Frankfurt, New
 * York, Tokyo) enrolled, approved and reporting through the coordinator's API sync from it over
 * rsync whenever the coordinator's answer to a report says they are behind, each reporting at its
 * own pace, so they sync at different times. In each region a {@link DistriClient} runs updates:
 * the index, then 200 meta files and their squashfs at once, through the coordinator, which places
 * the client by a GeoIP database built here. No answer may be a 404, and none may hold bytes the
 * origin did not hold for that path during the request.
 */
class ClientBurstIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PUBLICATION_INTERVAL = Duration.ofMillis(2500);
  private static final int MIN_PUBLICATIONS = 3;

  /** Bursts go on until master has moved often enough; this only bounds a broken run. */
  private static final Duration BURSTS_AT_MOST = Duration.ofMinutes(4);

  /** A node and the client beside it; the client's address is in the region's network. */
  private record Region(
      String name,
      String country,
      String continent,
      double latitude,
      double longitude,
      String network,
      String client,
      int reportSeconds) {}

  private static final List<Region> REGIONS =
      List.of(
          new Region("fra", "DE", "EU", 50.1, 8.7, "198.51.100.0", "198.51.100.7", 1),
          new Region("nyc", "US", "NA", 40.7, -74.0, "192.0.2.0", "192.0.2.5", 2),
          new Region("tyo", "JP", "AS", 35.7, 139.7, "203.0.113.0", "203.0.113.9", 3));

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> running = new ArrayList<>();
  private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() throws Exception {
    publisher.shutdownNow();
    publisher.awaitTermination(30, TimeUnit.SECONDS);
    // all at once: each process may take seconds to go on a loaded machine
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (AutoCloseable closeable : running) {
      closing.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  closeable.close();
                } catch (Exception e) {
                  throw new IllegalStateException("not closed: " + closeable, e);
                }
              }));
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
  }

  @Test
  void burstsWhileMasterMovesSeeNo404AndOnlyTheOriginsBytes() throws Exception {
    long setup = System.nanoTime();
    Path module = Files.createDirectories(dir.resolve("upstream"));
    RsyncDaemon daemon = RsyncDaemon.builder(module).start();
    running.add(daemon);
    CoordinatorProcess coordinator = coordinator(module, daemon);
    running.add(coordinator);
    // the tree is written while the maintainer token's command runs: each takes seconds
    CompletableFuture<SampleRepository> tree =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SampleRepository.generate(module, 1, 1, DistriClient.PACKAGES);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String maintainer =
        coordinator
            .command("maintainer-token", "create", "alice")
            .lines()
            .filter(line -> line.startsWith("dmm_"))
            .findFirst()
            .orElseThrow();
    SampleRepository upstream = tree.get(5, TimeUnit.MINUTES);
    double generated = (System.nanoTime() - setup) / 1e9;
    coordinator.start();
    URI base = URI.create("http://127.0.0.1:" + coordinator.port() + "/");
    double coordinatorUp = (System.nanoTime() - setup) / 1e9;

    Map<Integer, String> mirrorsByPort = new TreeMap<>();
    for (Region region : REGIONS) {
      NodeProcess node = enrolledNode(region, coordinator, daemon, maintainer);
      running.add(node);
      mirrorsByPort.put(node.port, region.name());
      node.start();
    }
    for (Region region : REGIONS) {
      awaitRoutedToItsNode(base, region);
    }
    double setupSeconds = (System.nanoTime() - setup) / 1e9;

    MasterHistory history = new MasterHistory(upstream);
    List<DistriClient> clients = new ArrayList<>();
    for (Region region : REGIONS) {
      DistriClient client = new DistriClient(region.client(), base, mirrorsByPort, history);
      running.add(client);
      clients.add(client);
    }
    long burst = System.nanoTime();
    publisher.scheduleAtFixedRate(
        () -> {
          try {
            history.publish();
          } catch (Exception e) {
            throw new IllegalStateException("publication failed", e);
          }
        },
        1000, // the first update begins on a still master, and master moves during it
        PUBLICATION_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    List<CompletableFuture<Integer>> updates =
        clients.stream()
            .map(
                client ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          int done = 0;
                          long end = System.nanoTime() + BURSTS_AT_MOST.toNanos();
                          // at least two updates, and on until master has moved a few times
                          // (a publication takes seconds on a loaded machine: not a count of
                          // updates)
                          while (System.nanoTime() < end
                              && (done < 2 || history.publications() < MIN_PUBLICATIONS)) {
                            try {
                              client.update();
                            } catch (Exception e) {
                              throw new IllegalStateException(e);
                            }
                            done++;
                          }
                          return done;
                        }))
            .toList();
    List<Integer> rounds = new ArrayList<>();
    for (CompletableFuture<Integer> update : updates) {
      rounds.add(update.get(5, TimeUnit.MINUTES));
    }
    double burstSeconds = (System.nanoTime() - burst) / 1e9;
    // why the mirrors are or are not serving master/ now, for the figures
    String why =
        whyNot(base, REGIONS.get(0).client(), "distri/master/pkg/small0-amd64.meta.textproto");
    publisher.shutdown();
    int publications = history.publications();

    StringBuilder figures = new StringBuilder();
    for (int i = 0; i < REGIONS.size(); i++) {
      DistriClient c = clients.get(i);
      figures.append(
          String.format(
              "issue 12 item 7: client %s (%s): %d updates, %d requests; served by %s (after"
                  + " master first moved: %s);"
                  + " %d revalidated (304), %d zstd; %d 404, %d mismatches, %d errors%n",
              REGIONS.get(i).name(),
              REGIONS.get(i).client(),
              rounds.get(i),
              c.requests.get(),
              served(c.servedBy),
              served(c.servedAfterMove),
              c.revalidated.get(),
              c.zstd.get(),
              c.notFound.get(),
              c.mismatches.get(),
              c.errors.get()));
    }
    figures.append(
        String.format(
            "issue 12 item 7: %d publications (%s) in %.1f s of bursts; setup %.1f s (tree and"
                + " maintainer token %.1f s, coordinator up at %.1f s, every client routed to its node at %.1f s)%n",
            publications,
            history.durations(),
            burstSeconds,
            setupSeconds,
            generated,
            coordinatorUp,
            setupSeconds));
    figures.append("issue 12 item 7: at the end of the bursts, ").append(why).append('\n');
    System.out.print(figures);

    List<String> problems = new ArrayList<>();
    clients.forEach(c -> problems.addAll(c.problems.subList(0, Math.min(20, c.problems.size()))));
    for (DistriClient c : clients) {
      assertThat(c.notFound.get()).as(figures + String.join("\n", problems)).isZero();
      assertThat(c.mismatches.get()).as(figures + String.join("\n", problems)).isZero();
      assertThat(c.errors.get()).as(figures + String.join("\n", problems)).isZero();
    }
    // the bursts saw master move, and mirrors took part: otherwise nothing was tested
    assertThat(publications).as(figures.toString()).isGreaterThanOrEqualTo(MIN_PUBLICATIONS);
    long toMirrors =
        clients.stream()
            .flatMap(c -> c.servedBy.entrySet().stream())
            .filter(e -> !e.getKey().equals("origin"))
            .mapToLong(e -> e.getValue().sum())
            .sum();
    assertThat(toMirrors).as(figures.toString()).isPositive();
  }

  private static String served(Map<String, LongAdder> servedBy) {
    return new TreeMap<>(servedBy)
        .entrySet().stream()
            .map(e -> e.getValue().sum() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  private CoordinatorProcess coordinator(Path module, RsyncDaemon daemon) throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter geo = new MmdbWriter("GeoLite2-City", "test");
    for (Region r : REGIONS) {
      geo.insert(
          InetAddress.getByName(r.network()),
          24,
          GeoIpRecords.city(r.country(), r.continent(), r.latitude(), r.longitude()));
    }
    geo.write(city);
    return new CoordinatorProcess(
        Files.createDirectories(dir.resolve("coordinator")),
        "  verification: {enabled: false}\n",
        """
        origin: {root: %s, upstreamHost: %s, rescanInterval: 1s}
        geoip: {cityDatabase: %s}
        prober: {interval: 1s, roundTimeout: 5s}
        httpClient: {connectTimeout: 2s, responseTimeout: 5s}
        routing: {trustedProxies: [127.0.0.1/32]}
        """
            .formatted(module, daemon.address(), city));
  }

  /** The mirror list's choice and exclusions for {@code path}, as {@code name: code (reason)}. */
  private String whyNot(URI base, String client, String path) throws Exception {
    JsonNode list =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/" + path + "?mirrorlist"))
                        .header("Accept", "application/json")
                        .header("X-Forwarded-For", client)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    List<String> parts = new ArrayList<>();
    parts.add(
        path
            + " for "
            + client
            + " goes to "
            + list.path("choice").path("name").asText("the origin"));
    for (JsonNode excluded : list.path("excluded")) {
      parts.add(
          excluded.path("name").asText()
              + ": "
              + excluded.path("code").asText()
              + " ("
              + excluded.path("reason").asText()
              + ")");
    }
    return String.join("; ", parts);
  }

  /** A node enrolled and approved through the API, reporting every few seconds; not started. */
  private NodeProcess enrolledNode(
      Region region, CoordinatorProcess coordinator, RsyncDaemon daemon, String maintainer)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve(region.name()));
    Path tokenFile = home.resolve("token");
    NodeProcess node =
        new NodeProcess(
            home,
            daemon.url(),
            "[]",
            """
            reporting:
              coordinator: http://127.0.0.1:%d
              tokenFile: %s
              interval: %d seconds
              timeout: 5 seconds
            """
                .formatted(coordinator.port(), tokenFile, region.reportSeconds()));
    Map<String, Object> enrollment =
        Map.of(
            "name",
            region.name(),
            "baseUrl",
            node.base().toString(),
            "contactEmail",
            "ops@example.org",
            "bandwidthMbps",
            10_000,
            "rsyncSources",
            List.of("127.0.0.1"),
            "location",
            Map.of(
                "country",
                region.country(),
                "continent",
                region.continent(),
                "latitude",
                region.latitude(),
                "longitude",
                region.longitude()));
    JsonNode enrolled = JSON.readTree(send(coordinator, "POST", "/v1/mirrors", null, enrollment));
    Files.writeString(tokenFile, enrolled.get("token").asText() + "\n");
    send(
        coordinator,
        "POST",
        "/v1/admin/mirrors/" + enrolled.get("id").asLong() + "/approve",
        maintainer,
        null);
    return node;
  }

  private String send(
      CoordinatorProcess coordinator, String method, String path, String token, Object body)
      throws Exception {
    HttpResponse<String> response =
        ApiCall.send(http, coordinator.api(), method, path, token, body);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    return response.body();
  }

  /**
   * Waits until the region's client is sent to the region's node for a path through a release link:
   * the node has synced, reported, been probed and holds the origin's index.
   */
  private void awaitRoutedToItsNode(URI base, Region region) {
    URI mirrorList = base.resolve("/" + SampleRepository.CHECK_FILE + "?mirrorlist");
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(mirrorList)
                          .header("Accept", "application/json")
                          .header("X-Forwarded-For", region.client())
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              String choice = JSON.readTree(response.body()).path("choice").path("name").asText();
              if (!choice.equals(region.name())) {
                // the public list says why a mirror is down (its last probe's failure)
                String listed =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/mirrors")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(choice).as(response.body() + "\n" + listed).isEqualTo(region.name());
              }
            });
  }
}
