package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.MirrorProbe.Fetched;
import org.distr1.mirrors.coordinator.probe.MirrorProbe.Look;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one look at a mirror, against the nodes' real file server on loopback over distri's module
 * layout (with its zstd and gzip siblings), the origin tree indexed from the same files.
 */
class MirrorProbeTest {
  private static final String UPSTREAM = "repo-rsync.distr1.org";
  private static final String INDEX = SampleRepository.indexPath("supersilverhaze");
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  @TempDir static Path dir;
  static SampleRepository repo;
  static OriginTree tree;
  static ServedMirror mirror;
  static CloseableHttpAsyncClient http;
  static MirrorProbe probe;

  @BeforeAll
  static void start() throws Exception {
    repo = SampleRepository.generate(dir.resolve("module"));
    OriginIndex origin = new OriginIndex(repo.root(), Duration.ofHours(1), SCHEDULER);
    origin.rescan();
    tree = origin.current();
    mirror = new ServedMirror(repo.root(), dir.resolve("state"));
    http = new HttpClientFactory().build(true);
    http.start();
    probe = new MirrorProbe(http, UPSTREAM);
  }

  @AfterAll
  static void stop() throws Exception {
    mirror.close();
    http.close(CloseMode.GRACEFUL);
    SCHEDULER.shutdownNow();
  }

  @Test
  void readsTheFreshnessFileOfTheUpstreamHost() throws Exception {
    Instant syncStart = Instant.parse("2026-12-02T10:15:30Z");
    mirror.synced(UPSTREAM, syncStart);
    mirror.synced("other.example.org", syncStart.plusSeconds(60));
    assertThat(probe.freshness(mirror.base()).get()).isEqualTo(Look.seen(syncStart));
  }

  @Test
  void aMissingFreshnessFileNamesTheStatusOnly() throws Exception {
    Look<Instant> look =
        new MirrorProbe(http, "never.synced.example").freshness(mirror.base()).get();
    assertThat(look.failure()).isEqualTo("freshness file answered HTTP 404");
  }

  @Test
  void holdsAFileOnlyAtTheOriginsLength() throws Exception {
    OriginFile file = tree.get(SampleRepository.CHECK_FILE);
    assertThat(file).isNotNull();
    assertThat(probe.holds(mirror.base(), file).get().ok()).isTrue();

    OriginFile longer = new OriginFile(file.path(), file.size() + 1, 0, null);
    assertThat(probe.holds(mirror.base(), longer).get().failure())
        .contains("another length than the origin's " + (file.size() + 1) + " bytes");

    OriginFile missing = new OriginFile("distri/supersilverhaze/pkg/absent-1.squashfs", 5, 0, null);
    assertThat(probe.holds(mirror.base(), missing).get().failure())
        .startsWith("HEAD " + mirror.base() + "distri/supersilverhaze/pkg/absent-1.squashfs")
        .contains("answered HTTP 404");
  }

  @Test
  void fetchesEachTransportCodingWithItsOwnLengthAndDigest() throws Exception {
    Path index = SampleRepository.resolveIn(repo.root(), INDEX);
    Path zst = index.resolveSibling(index.getFileName() + ".zst");
    Path gz = index.resolveSibling(index.getFileName() + ".gz");

    Fetched zstd = probe.fetch(mirror.base(), INDEX, "zstd, gzip").get().value();
    assertThat(zstd.contentEncoding()).isEqualTo("zstd");
    assertThat(zstd.length()).isEqualTo(Files.size(zst));
    assertThat(zstd.sha256()).isEqualTo(ReleaseIndex.sha256Hex(zst));

    Fetched gzip = probe.fetch(mirror.base(), INDEX, "gzip").get().value();
    assertThat(gzip.contentEncoding()).isEqualTo("gzip");
    assertThat(gzip.length()).isEqualTo(Files.size(gz));

    Fetched identity = probe.fetch(mirror.base(), INDEX, "identity").get().value();
    assertThat(identity.contentEncoding()).isNull();
    assertThat(identity.sha256()).isEqualTo(ReleaseIndex.sha256Hex(index));
  }

  @Test
  void anIndexIsCheckedAgainstTheDigestItsNodeReported() throws Exception {
    String origins = tree.get(INDEX).digest();
    assertThat(origins)
        .isEqualTo(
            ReleaseIndex.tagged(
                ReleaseIndex.sha256Hex(SampleRepository.resolveIn(repo.root(), INDEX))));
    assertThat(probe.index(mirror.base(), INDEX, origins).get()).isEqualTo(Look.seen(origins));

    String other = ReleaseIndex.tagged("ab".repeat(32));
    assertThat(probe.index(mirror.base(), INDEX, other).get().failure())
        .isEqualTo("GET " + mirror.base() + INDEX + " is not the index its node reported");
  }

  @Test
  void aMirrorThatIsNotThereIsAShortReason() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    java.net.URI gone = java.net.URI.create("http://127.0.0.1:" + port + "/");
    assertThat(probe.freshness(gone).get().failure()).isEqualTo("connection refused");
    assertThat(probe.reachable(gone).get().failure())
        .isEqualTo("GET " + gone + ": connection refused");
  }

  @Test
  void aHostOnTheCoordinatorsOwnNetworkIsNotAskedAtAll() throws Exception {
    CloseableHttpAsyncClient publicOnly = new HttpClientFactory().build(false);
    publicOnly.start();
    try {
      java.net.URI local = java.net.URI.create("http://localhost:" + mirror.base().getPort() + "/");
      Look<Integer> look = new MirrorProbe(publicOnly, UPSTREAM).reachable(local).get();
      assertThat(look.failure()).contains("non-public").doesNotContain("Exception");
    } finally {
      publicOnly.close(CloseMode.GRACEFUL);
    }
  }
}
