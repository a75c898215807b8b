package org.distr1.mirrors.node.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.distr1.mirrors.node.sync.RsyncProgress;
import org.distr1.mirrors.node.sync.SyncStatus;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReporterTest {

  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final Instant START = Instant.parse("2026-11-26T09:00:00Z");

  @TempDir Path root;

  /** Fails {@code failures} times, then answers with {@code syncNow}. */
  static final class FakeCoordinator implements CoordinatorClient {
    // the reporter's own thread adds to it when started
    final List<NodeReport> received = Collections.synchronizedList(new ArrayList<>());
    int failures;
    boolean syncNow;

    @Override
    public ReportAnswer report(NodeReport report) throws IOException {
      if (failures > 0) {
        failures--;
        throw new IOException("connection refused");
      }
      received.add(report);
      return new ReportAnswer(
          NOW, 0, true, null, Map.of(), syncNow, syncNow ? "behind" : "up to date");
    }
  }

  Reporter reporter(FakeCoordinator coordinator, SyncStatus status, AtomicInteger triggers) {
    return new Reporter(
        coordinator,
        () -> status,
        triggers::incrementAndGet,
        () -> Map.of("zstd", new NodeReport.Served(3, 300)),
        root,
        "1.2.3",
        Duration.ofSeconds(60),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void theReportCarriesSyncDiskAndServedCounters() throws Exception {
    SyncStatus status =
        new SyncStatus(
            "rsync://127.0.0.1/distri/",
            SyncStatus.State.SYNCING,
            new RsyncProgress(4096, 42, 100, 10),
            null,
            START,
            START.plusSeconds(30),
            12345,
            "snap",
            Map.of("jackherer", "ab"),
            0,
            null);
    FakeCoordinator coordinator = new FakeCoordinator();
    assertThat(reporter(coordinator, status, new AtomicInteger()).reportOnce()).isTrue();
    NodeReport report = coordinator.received.get(0);
    assertThat(report.nodeVersion()).isEqualTo("1.2.3");
    assertThat(report.nodeTime()).isEqualTo(NOW);
    assertThat(report.lastSuccessfulSync())
        .isEqualTo(new NodeReport.SyncRun(START, START.plusSeconds(30), 12345));
    assertThat(report.runningSync()).isEqualTo(new NodeReport.SyncProgress(4096, 42));
    assertThat(report.indexDigests()).containsEntry("jackherer", "ab");
    assertThat(report.disk().totalBytes()).isPositive();
    assertThat(report.served()).containsEntry("zstd", new NodeReport.Served(3, 300));
    assertThat(report.lastAnswer()).isNull();
  }

  @Test
  void aFinishedSyncIsReportedAtOnceNotAtTheNextInterval() throws Exception {
    FakeCoordinator coordinator = new FakeCoordinator();
    // the interval is 60 s: a second report within the deadline came from reportSoon
    Reporter reporter = reporter(coordinator, null, new AtomicInteger());
    reporter.start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.received.size() == 1);
      reporter.reportSoon();
      await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.received.size() == 2);
      assertThat(reporter.nextDelay()).isEqualTo(Duration.ofSeconds(60));
    } finally {
      reporter.stop();
    }
    assertThat(coordinator.received).hasSize(2);
  }

  @Test
  void eachReportSendsBackWhenThePreviousAnswerArrived() throws Exception {
    FakeCoordinator coordinator = new FakeCoordinator();
    Reporter reporter = reporter(coordinator, null, new AtomicInteger());
    assertThat(reporter.reportOnce()).isTrue();
    assertThat(reporter.reportOnce()).isTrue();
    assertThat(coordinator.received.get(1).lastAnswer())
        .isEqualTo(new NodeReport.AnswerSeen(NOW, NOW));
  }

  @Test
  void aBehindAnswerStartsASyncAndFailuresBackOffUpToTheInterval() throws Exception {
    FakeCoordinator coordinator = new FakeCoordinator();
    coordinator.failures = 3;
    coordinator.syncNow = true;
    AtomicInteger triggers = new AtomicInteger();
    Reporter reporter = reporter(coordinator, null, triggers);
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThat(reporter.reportOnce()).isFalse();
      delays.add(reporter.nextDelay());
    }
    // half to all of 1 s, 2 s, 4 s
    assertThat(delays.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(delays.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(delays.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(triggers).hasValue(0);

    assertThat(reporter.reportOnce()).isTrue();
    assertThat(triggers).hasValue(1);
    assertThat(reporter.nextDelay()).isEqualTo(Duration.ofSeconds(60));
    // before the first sync the node says so: no last sync, no digests
    assertThat(coordinator.received.get(0).lastSuccessfulSync()).isNull();
  }

  @Test
  void theTokenFileIsOwnerOnlyAndNamesTheMirror() throws Exception {
    Path file = root.resolve("secrets/token");
    TokenFile.write(file, "dmo_42.secret");
    assertThat(java.nio.file.Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(TokenFile.read(file)).isEqualTo("dmo_42.secret");
    assertThat(TokenFile.mirrorId("dmo_42.secret")).isEqualTo(42);
  }
}
