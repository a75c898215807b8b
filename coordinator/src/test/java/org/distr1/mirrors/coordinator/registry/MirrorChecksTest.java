package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.ServedMirror;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification against the published requirements, through the prober's look, against the nodes'
 * real file server on loopback: a mirror carrying the probe file with both siblings passes, one
 * without the zstd sibling or with an old sync fails with what it saw.
 */
class MirrorChecksTest {
  private static final String UPSTREAM = "repo-rsync.distr1.org";
  private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");
  private static final String PROBE_FILE = "supersilverhaze/pkg/meta.binaryproto";

  @TempDir static Path dir;
  static Path origin;
  static ServedMirror good;
  static ServedMirror noZstd;
  static CloseableHttpAsyncClient http;
  static MirrorChecks checks;

  @BeforeAll
  static void start() throws Exception {
    SampleRepository repo = SampleRepository.generate(dir.resolve("sample"));
    origin = copyProbeFile(repo.root(), dir.resolve("origin"), ".zst", ".gz");
    good =
        new ServedMirror(
            copyProbeFile(repo.root(), dir.resolve("good"), ".zst", ".gz"),
            dir.resolve("good-state"));
    noZstd =
        new ServedMirror(
            copyProbeFile(repo.root(), dir.resolve("bad"), ".gz"), dir.resolve("bad-state"));
    http = new HttpClientFactory().build(true);
    http.start();
    checks =
        new MirrorChecks(
            new MirrorProbe(http, UPSTREAM),
            new VerificationFactory(),
            origin,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() throws Exception {
    good.close();
    noZstd.close();
    http.close(CloseMode.GRACEFUL);
  }

  /** The probe file and the named siblings, with their mtimes (siblings count only if equal). */
  private static Path copyProbeFile(Path from, Path module, String... siblings) throws Exception {
    Path source = from.resolve(PROBE_FILE);
    Path target = module.resolve(PROBE_FILE);
    Files.createDirectories(target.getParent());
    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
    for (String suffix : siblings) {
      Files.copy(
          source.resolveSibling(source.getFileName() + suffix),
          target.resolveSibling(target.getFileName() + suffix),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    return module;
  }

  private static Map<String, CheckRow> run(ServedMirror mirror, Long disk) {
    return checks.run(TestMirrorRecords.approved(7, mirror.base().toString()), disk).stream()
        .collect(Collectors.toMap(CheckRow::checkName, row -> row));
  }

  @Test
  void aMirrorMeetingTheRequirementsPassesEveryCheckAndSaysWhatItSaw() throws Exception {
    good.synced(UPSTREAM, NOW.minusSeconds(600));
    Map<String, CheckRow> rows = run(good, 200L << 30);
    assertThat(rows.values()).allSatisfy(row -> assertThat(row.passed()).isTrue());
    assertThat(rows.get(MirrorChecks.FRESHNESS).reason()).endsWith("(10 min ago)");
    long zst = Files.size(origin.resolve(PROBE_FILE + ".zst"));
    assertThat(rows.get(MirrorChecks.ZSTD).reason())
        .isEqualTo("zstd, " + zst + " bytes as at the origin");
    assertThat(rows.keySet())
        .containsExactlyInAnyOrder(
            MirrorChecks.REACHABLE,
            MirrorChecks.FRESHNESS,
            MirrorChecks.ZSTD,
            MirrorChecks.GZIP,
            MirrorChecks.IDENTITY_LENGTH,
            MirrorChecks.DISK);
  }

  @Test
  void aSyncHoursOldPassesWithItsAgeInHoursAndMinutes() throws Exception {
    good.synced(UPSTREAM, NOW.minusSeconds(3 * 3600 + 17 * 60));
    Map<String, CheckRow> rows = run(good, 200L << 30);
    assertThat(rows.get(MirrorChecks.FRESHNESS).passed()).isTrue();
    assertThat(rows.get(MirrorChecks.FRESHNESS).reason()).endsWith("(3 h 17 min ago)");
  }

  @Test
  void aMissingZstdSiblingAndAnOldSyncFailWithWhatTheMirrorDid() throws Exception {
    noZstd.synced(UPSTREAM, NOW.minusSeconds(30 * 3600));
    Map<String, CheckRow> rows = run(noZstd, null);
    assertThat(rows.get(MirrorChecks.REACHABLE).passed()).isTrue();
    assertThat(rows.get(MirrorChecks.ZSTD).reason())
        .isEqualTo("Accept-Encoding: zstd, gzip got Content-Encoding: gzip, expected zstd");
    assertThat(rows.get(MirrorChecks.GZIP).passed()).isTrue();
    assertThat(rows.get(MirrorChecks.IDENTITY_LENGTH).passed()).isTrue();
    assertThat(rows.get(MirrorChecks.FRESHNESS).reason()).contains("30 h ago (more than 25 h)");
    assertThat(rows.get(MirrorChecks.DISK).reason())
        .isEqualTo("the node has not reported its disk yet");
  }

  @Test
  void anUnreachableMirrorIsCheckedNoFurther() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    List<CheckRow> rows =
        checks.run(TestMirrorRecords.approved(8, "http://127.0.0.1:" + port), 200L << 30);
    assertThat(rows.get(0).reason())
        .isEqualTo("GET http://127.0.0.1:" + port + "/: connection refused");
    assertThat(rows)
        .filteredOn(row -> !row.checkName().equals(MirrorChecks.DISK))
        .allSatisfy(row -> assertThat(row.passed()).isFalse());
  }
}
