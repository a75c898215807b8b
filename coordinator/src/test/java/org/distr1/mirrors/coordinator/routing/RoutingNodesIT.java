package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.geo.MaxMindGeoLocator;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.ProbeSettings;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.coordinator.probe.Prober;
import org.distr1.mirrors.coordinator.routing.web.RedirectServer;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes in three "regions", synced by rsync from a loopback daemon over the origin tree,
 * probed by the real prober, behind the real redirector. The nodes' health reports are stood in for
 * by their own status documents (what the reporter sends).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingNodesIT {
  private static final String BERLIN = "198.51.100.7";
  private static final String BOSTON = "192.0.2.5";
  private static final String OSAKA = "203.0.113.9";

  @TempDir static Path dir;
  private static SampleRepository upstream;
  private static RsyncDaemon daemon;
  private static final Map<String, NodeProcess> NODES = new HashMap<>();
  private static final Map<Long, SyncReport> LAST_REPORTS = new HashMap<>();
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static OriginIndex origin;
  private static ProbeTracker tracker;
  private static Prober prober;
  private static RoutingTable table;
  private static RedirectServer redirector;
  private static CloseableHttpAsyncClient probeHttp;
  private static CloseableHttpClient distri;

  @BeforeAll
  static void start() throws Exception {
    upstream = SampleRepository.generate(dir.resolve("upstream"));
    daemon = RsyncDaemon.builder(upstream.root()).start();
    for (String name : List.of("fra", "nyc", "tyo")) {
      NodeProcess node = new NodeProcess(dir.resolve(name), daemon.url());
      node.start();
      NODES.put(name, node);
    }
    NODES.values().forEach(node -> node.awaitSyncAfter(null));
    origin = new OriginIndex(upstream.root(), Duration.ofHours(1), SCHEDULER);
    origin.rescan();
    Path city = dir.resolve("city.mmdb");
    new MmdbWriter("GeoLite2-City", "test")
        .insert(
            InetAddress.getByName("198.51.100.0"), 24, GeoIpRecords.city("DE", "EU", 52.5, 13.4))
        .insert(InetAddress.getByName("192.0.2.0"), 24, GeoIpRecords.city("US", "NA", 42.4, -71.1))
        .insert(
            InetAddress.getByName("203.0.113.0"), 24, GeoIpRecords.city("JP", "AS", 34.7, 135.5))
        .insert(InetAddress.getByName("2001:db8:1::"), 48, GeoIpRecords.city("JP", "AS", 35, 135))
        .write(city);
    MaxMindGeoLocator geo = new MaxMindGeoLocator(city, null, Duration.ofHours(1), SCHEDULER);
    geo.start();
    tracker = new ProbeTracker(2, 2, 0.6, 4);
    RoutingPolicy policy = new RoutingPolicy(100, Duration.ofSeconds(30), Duration.ZERO, 2);
    table =
        new RoutingTable(
            RoutingNodesIT::candidates,
            origin::current,
            tracker::states,
            policy,
            Duration.ofMillis(10),
            SCHEDULER);
    table.start();
    HttpClientFactory factory = new HttpClientFactory();
    factory.setConnectTimeout(io.dropwizard.util.Duration.seconds(2));
    factory.setResponseTimeout(io.dropwizard.util.Duration.seconds(5));
    probeHttp = factory.build(true);
    probeHttp.start();
    prober =
        new Prober(
            () -> candidates().stream().map(m -> m.probeTarget(policy)).toList(),
            origin::current,
            new MirrorProbe(probeHttp, "127.0.0.1"),
            tracker,
            new ProbeSettings(
                Duration.ofHours(1), Duration.ofSeconds(20), 8, Duration.ofSeconds(30)),
            () -> {},
            records -> {},
            Clock.systemUTC(),
            Executors.newSingleThreadScheduledExecutor()); // rounds run by hand; never started
    rounds(2);
    redirector = new RedirectServer(upstream.root(), table, geo, "127.0.0.0/8");
    distri =
        HttpClients.custom()
            .disableContentCompression()
            .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(true).build())
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    for (NodeProcess node : NODES.values()) {
      node.close();
    }
    if (redirector != null) {
      redirector.close();
    }
    if (distri != null) {
      distri.close();
    }
    if (probeHttp != null) {
      probeHttp.close();
    }
    table.stop();
    SCHEDULER.shutdownNow();
    daemon.close();
  }

  /** What the registry would hold: the nodes' latest reports (kept while a node is down). */
  private static List<MirrorCandidate> candidates() {
    return List.of(
        candidate(1, "fra", new GeoPoint(50.1, 8.7), "DE", "EU"),
        candidate(2, "nyc", new GeoPoint(40.7, -74.0), "US", "NA"),
        candidate(3, "tyo", new GeoPoint(35.7, 139.7), "JP", "AS"));
  }

  private static MirrorCandidate candidate(
      long id, String name, GeoPoint at, String country, String continent) {
    NodeProcess node = NODES.get(name);
    SyncReport report = node.syncReport();
    if (report != null) {
      LAST_REPORTS.put(id, report);
    }
    return TestCandidates.located(
        id, name, node.base(), at, country, continent, true, LAST_REPORTS.get(id));
  }

  private static void rounds(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      prober.round();
    }
    table.rebuild();
  }

  private static String location(String path, String client) throws Exception {
    java.net.http.HttpResponse<Void> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(redirector.uri(path))
                    .header("X-Forwarded-For", client)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() == 200) {
      return "origin";
    }
    assertThat(response.statusCode()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    String node =
        NODES.entrySet().stream()
            .filter(e -> location.startsWith(e.getValue().base().toString()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("Location outside every base: " + location));
    assertThat(location).isEqualTo(NODES.get(node).base() + path.substring(1));
    return node;
  }

  /**
   * Syncs a node, starting in a later second than the origin's latest change: the freshness file
   * holds whole seconds, so a sync begun in the same second proves nothing (and the coordinator
   * rightly keeps such a node stale).
   */
  private static void syncAfterTheLatestChange(NodeProcess node) throws Exception {
    long latest =
        origin.current().files().stream()
            .mapToLong(OriginFile::appearedAtMillis)
            .max()
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> Instant.now().getEpochSecond() > Instant.ofEpochMilli(latest).getEpochSecond());
    Instant before = node.lastSyncStart();
    node.syncNow();
    node.awaitSyncAfter(before);
  }

  private static String image() throws Exception {
    return "/" + upstream.packages("jackherer").get(0);
  }

  @Test
  @Order(1)
  void clientsOfEachRegionLandOnTheirNearestNode() throws Exception {
    for (long id = 1; id <= 3; id++) {
      assertThat(tracker.states().get(id).up()).as(tracker.lastFailure(id)).isTrue();
    }
    assertThat(location(image(), BERLIN)).isEqualTo("fra");
    assertThat(location(image(), BOSTON)).isEqualTo("nyc");
    assertThat(location(image(), OSAKA)).isEqualTo("tyo");
    assertThat(location(image(), "2001:db8:1::5")).isEqualTo("tyo");
    assertThat(location(image(), "10.9.9.9")).isIn("fra", "nyc", "tyo"); // no location
  }

  @Test
  @Order(2)
  void distriLikeClientGetsTheOriginsBytesCompressedAndRevalidates() throws Exception {
    String text =
        upstream.packages("jackherer").stream()
            .filter(p -> Files.exists(upstream.resolve(p + ".zst")))
            .findFirst()
            .orElseThrow();
    byte[] expected = Files.readAllBytes(upstream.resolve(text));
    HttpGet get = new HttpGet(redirector.uri("/" + text));
    get.addHeader("Accept-Encoding", "zstd, gzip");
    get.addHeader("X-Forwarded-For", BOSTON);
    String lastModified =
        distri.execute(
            get,
            response -> {
              assertThat(response.getCode()).isEqualTo(200);
              assertThat(response.getFirstHeader("Content-Encoding").getValue()).isEqualTo("zstd");
              byte[] body = EntityUtils.toByteArray(response.getEntity());
              assertThat(new ZstdInputStream(new ByteArrayInputStream(body)).readAllBytes())
                  .isEqualTo(expected);
              return response.getFirstHeader("Last-Modified").getValue();
            });
    HttpGet again = new HttpGet(redirector.uri("/" + text));
    again.addHeader("Accept-Encoding", "zstd, gzip");
    again.addHeader("X-Forwarded-For", BOSTON);
    again.addHeader("If-Modified-Since", lastModified);
    int status = distri.execute(again, response -> response.getCode());
    assertThat(status).isEqualTo(304);
  }

  @Test
  @Order(3)
  void aFilePublishedAfterTheNodesSyncedComesFromTheOriginUntilOneSyncs() throws Exception {
    String added = "/" + upstream.addPackage("jackherer", "fresh-amd64-1.0-1", 3000, false);
    origin.rescan();
    table.rebuild();
    assertThat(location(added, BERLIN)).isEqualTo("origin");
    syncAfterTheLatestChange(NODES.get("fra"));
    rounds(1);
    assertThat(location(added, BERLIN)).isEqualTo("fra");
    assertThat(location(added, BOSTON)).isEqualTo("fra"); // nyc lacks it: the next fresh one
    assertThat(location(image(), BOSTON)).isEqualTo("nyc"); // older files still go near
  }

  @Test
  @Order(4)
  void aChangedIndexNeverGoesToANodeHoldingTheOldOne() throws Exception {
    String index = "/" + SampleRepository.indexPath("jackherer");
    byte[] content = upstream.rewriteIndex("jackherer");
    origin.rescan();
    table.rebuild();
    for (String client : List.of(BERLIN, BOSTON, OSAKA)) {
      assertThat(location(index, client)).isEqualTo("origin");
    }
    java.net.http.HttpResponse<byte[]> fromOrigin =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(redirector.uri(index)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fromOrigin.body()).isEqualTo(content);

    syncAfterTheLatestChange(NODES.get("tyo"));
    rounds(1);
    for (String client : List.of(BERLIN, BOSTON, OSAKA)) {
      assertThat(location(index, client)).isEqualTo("tyo");
    }
  }

  @Test
  @Order(5)
  void aKilledNodeLeavesWithinTwoRoundsAndReturnsAfterTwoGoodOnes() throws Exception {
    NodeProcess nyc = NODES.get("nyc");
    nyc.kill();
    rounds(1);
    assertThat(tracker.states().get(2L).up()).isTrue(); // one failure is not yet down
    rounds(1);
    assertThat(tracker.states().get(2L).up()).isFalse();
    assertThat(location(image(), BOSTON)).isNotEqualTo("nyc");

    nyc.start();
    nyc.awaitSyncAfter(null);
    rounds(1);
    assertThat(location(image(), BOSTON)).isNotEqualTo("nyc");
    rounds(1);
    assertThat(location(image(), BOSTON)).isEqualTo("nyc");
  }
}
