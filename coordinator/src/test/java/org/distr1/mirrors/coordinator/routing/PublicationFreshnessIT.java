package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
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
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freshness contract while the upstream publishes, between real nodes synced by rsync from
 * loopback daemons, the real prober and the real redirector with the default sync margin. One node
 * ("liar") syncs from a daemon serving a copy of the tree taken before the publications: its syncs
 * succeed, so its freshness file and its reports claim a sync now over an old tree. Every client is
 * one GeoIP cannot place, so both nodes share its requests by lot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicationFreshnessIT {
  private static final String ANYWHERE = "10.9.9.9";
  private static final int TRIES = 40;
  private static final long FRA = 1;
  private static final long LIAR = 2;

  @TempDir static Path dir;
  private static SampleRepository upstream;
  private static RsyncDaemon daemon;
  private static RsyncDaemon stale;
  private static NodeProcess fra;
  private static NodeProcess liar;
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static final ScheduledExecutorService ORIGIN_SCANS =
      Executors.newSingleThreadScheduledExecutor();
  private static OriginIndex origin;
  private static ProbeTracker tracker;
  private static Prober prober;
  private static RoutingTable table;
  private static RedirectServer redirector;
  private static CloseableHttpAsyncClient probeHttp;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    upstream = SampleRepository.generate(dir.resolve("upstream"));
    Path copy = dir.resolve("stale");
    Process rsync =
        new ProcessBuilder("rsync", "-a", upstream.root() + "/", copy + "/").inheritIO().start();
    assertThat(rsync.waitFor()).isZero();
    daemon = RsyncDaemon.builder(upstream.root()).start();
    stale = RsyncDaemon.builder(copy).start();
    fra = new NodeProcess(dir.resolve("fra"), daemon.url());
    liar = new NodeProcess(dir.resolve("liar"), stale.url());
    fra.start();
    liar.start();
    fra.awaitSyncAfter(null);
    liar.awaitSyncAfter(null);
    // the default rescan interval; the tests also rescan by hand, to know when one happened
    origin = new OriginIndex(upstream.root(), Duration.ofSeconds(5), ORIGIN_SCANS);
    origin.start();
    Path city = dir.resolve("city.mmdb");
    new MmdbWriter("GeoLite2-City", "test")
        .insert(
            InetAddress.getByName("198.51.100.0"), 24, GeoIpRecords.city("DE", "EU", 52.5, 13.4))
        .write(city);
    MaxMindGeoLocator geo = new MaxMindGeoLocator(city, null, Duration.ofHours(1), SCHEDULER);
    geo.start();
    tracker = new ProbeTracker(2, 2, 0.6, 4);
    RoutingPolicy policy =
        new RoutingPolicy(100, Duration.ofSeconds(30), RoutingPolicy.DEFAULT.syncMargin(), 2);
    table =
        new RoutingTable(
            PublicationFreshnessIT::candidates,
            origin::current,
            tracker::states,
            policy,
            Duration.ofMillis(10),
            SCHEDULER);
    table.start();
    origin.addListener(table::changed);
    HttpClientFactory factory = new HttpClientFactory();
    factory.setConnectTimeout(io.dropwizard.util.Duration.seconds(2));
    factory.setResponseTimeout(io.dropwizard.util.Duration.seconds(5));
    probeHttp = factory.build(true); // the nodes are on loopback
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
    redirector =
        new RedirectServer(
            upstream.root(), table, origin::unchanged, geo, "127.0.0.0/8", 0, file -> null);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable :
        new AutoCloseable[] {fra, liar, redirector, probeHttp, daemon, stale}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    table.stop();
    origin.stop();
    SCHEDULER.shutdownNow();
    ORIGIN_SCANS.shutdownNow();
  }

  /** What the registry would hold: each node's own claims, as its reporter would send them. */
  private static List<MirrorCandidate> candidates() {
    return List.of(candidate(FRA, "fra", fra), candidate(LIAR, "liar", liar));
  }

  private static MirrorCandidate candidate(long id, String name, NodeProcess node) {
    return TestCandidates.located(
        id, name, node.base(), new GeoPoint(50.1, 8.7), "DE", "EU", true, node.syncReport());
  }

  private static void rounds(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      prober.round();
    }
    table.rebuild();
  }

  /** Where {@link #TRIES} requests for {@code path} went, followed to the end. */
  private record Tally(int origin, int fra, int liar, int failed, List<byte[]> bodies) {}

  private static Tally ask(String path) throws Exception {
    int fromOrigin = 0;
    int fromFra = 0;
    int fromLiar = 0;
    int failed = 0;
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < TRIES; i++) {
      HttpResponse<byte[]> first =
          CLIENT.send(
              HttpRequest.newBuilder(redirector.uri(path))
                  .header("X-Forwarded-For", "10.9." + i + ".9")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> last = first;
      if (first.statusCode() == 302) {
        String location = first.headers().firstValue("Location").orElseThrow();
        if (location.startsWith(fra.base().toString())) {
          fromFra++;
        } else {
          assertThat(location).startsWith(liar.base().toString());
          fromLiar++;
        }
        last =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } else {
        fromOrigin++;
      }
      if (last.statusCode() != 200) {
        failed++;
      }
      bodies.add(last.body());
    }
    return new Tally(fromOrigin, fromFra, fromLiar, failed, bodies);
  }

  /** Waits until the clock is {@code seconds} past the origin's latest change. */
  private static void awaitPastLatestChange(int seconds) {
    long latest =
        origin.current().files().stream()
            .mapToLong(OriginFile::appearedAtMillis)
            .max()
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(seconds + 5))
        .until(() -> Instant.now().toEpochMilli() > latest + seconds * 1000L);
  }

  private static void sync(NodeProcess node) throws Exception {
    Instant before = node.lastSyncStart();
    node.syncNow();
    node.awaitSyncAfter(before);
  }

  /** Issue 14, item 5: the index a node holds byte for byte is served by it at once. */
  @Test
  @Order(1)
  void aNodeThatSyncedRightAfterAPublicationServesTheIndexItHoldsExactly() throws Exception {
    String index = "/" + SampleRepository.indexPath("jackherer");
    upstream.addPackage("jackherer", "fresh-amd64-1.0-1", 3000, false);
    byte[] content = upstream.rewriteIndex("jackherer");
    origin.rescan();
    sync(fra); // begins within a second of the change: inside the sync margin
    rounds(1);
    Tally tally = ask(index);
    System.out.printf(
        "issue 14 item 5: %d index requests, %d to the origin, %d to fra (holding the"
            + " origin's bytes), %d to liar%n",
        TRIES, tally.origin(), tally.fra(), tally.liar());
    assertThat(tally.fra()).isEqualTo(TRIES);
    assertThat(tally.bodies()).allSatisfy(body -> assertThat(body).isEqualTo(content));
  }

  /** Issue 14, item 6: a node claiming a sync over an older tree goes down within two rounds. */
  @Test
  @Order(2)
  void aNodeClaimingMoreThanItHoldsIsDownWithinTwoRounds() throws Exception {
    String added = "/" + upstream.addPackage("jackherer", "later-amd64-1.0-1", 3000, false);
    upstream.rewriteIndex("jackherer");
    origin.rescan();
    awaitPastLatestChange(3); // past the margin: a sync now counts for the new package
    sync(fra);
    sync(liar); // from the old copy, and successful: it claims now
    rounds(2);
    Tally tally = ask(added);
    System.out.printf(
        "issue 14 item 6: %d requests for a new package, %d redirected to liar, %d"
            + " failed (404)%n",
        TRIES, tally.liar(), tally.failed());
    assertThat(tally.failed()).isZero();
    assertThat(tally.liar()).isZero();
    assertThat(tally.fra()).isEqualTo(TRIES);
    assertThat(tracker.states().get(LIAR).up()).isFalse();
    assertThat(tracker.lastFailure(LIAR)).contains("HEAD").contains("404");
    assertThat(tracker.states().get(FRA).up()).as(tracker.lastFailure(FRA)).isTrue();
  }

  /**
   * Issue 14, item 4: an index replaced (by rename) with new bytes of the same size and mtime, as a
   * reproducible build leaves it, reaches the node at its next sync.
   */
  @Test
  @Order(3)
  void anIndexRewrittenWithTheSameSizeAndMtimeReachesTheNode() throws Exception {
    String indexPath = SampleRepository.indexPath("supersilverhaze");
    Path index = upstream.resolve(indexPath);
    byte[] old = Files.readAllBytes(index);
    byte[] content = old.clone();
    content[content.length - 1] ^= 1; // a different last byte: same size
    FileTime mtime = Files.getLastModifiedTime(index);
    Path next = index.resolveSibling(".meta.binaryproto.new");
    Files.write(next, content);
    Files.setLastModifiedTime(next, mtime);
    Files.move(next, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    PrecompressedSiblings.writeAll(index); // siblings of the new bytes, with the original's mtime
    origin.rescan();
    awaitPastLatestChange(3);
    sync(fra);
    rounds(1);
    String expected = origin.current().get(indexPath).digest();
    boolean reached = expected.equals(fra.syncReport().indexDigests().get(indexPath));
    Tally tally = ask("/" + indexPath);
    System.out.printf(
        "issue 14 item 4: the node %s the new bytes; %d index requests, %d to fra%n",
        reached ? "holds" : "lacks", TRIES, tally.fra());
    assertThat(reached).isTrue();
    assertThat(tally.fra()).isEqualTo(TRIES);
    assertThat(tally.bodies()).allSatisfy(body -> assertThat(body).isEqualTo(content));
  }

  /**
   * Issue 14, item 1: an index replaced by rename goes to the origin from that moment, not after
   * the next rescan and rebuild.
   */
  @Test
  @Order(4)
  void aReplacedIndexGoesToTheOriginFromTheMomentItChanges() throws Exception {
    String indexPath = SampleRepository.indexPath("jackherer");
    assertThat(ask("/" + indexPath).fra()).isEqualTo(TRIES); // fra holds the current one
    Path index = upstream.resolve(indexPath);
    byte[] content =
        (new String(Files.readAllBytes(index), java.nio.charset.StandardCharsets.ISO_8859_1) + "x")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path next = index.resolveSibling(".meta.binaryproto.new");
    Files.write(next, content);
    Files.move(next, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Tally tally = ask("/" + indexPath); // at once
    System.out.printf(
        "issue 14 item 1: %d index requests right after the index was replaced, %d"
            + " redirected to fra (holding the previous bytes)%n",
        TRIES, tally.fra());
    assertThat(tally.fra()).isZero();
    assertThat(tally.bodies()).allSatisfy(body -> assertThat(body).isEqualTo(content));
  }
}
