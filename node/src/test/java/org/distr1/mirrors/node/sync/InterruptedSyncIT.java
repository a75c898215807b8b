package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs that are slow on purpose ({@code --bwlimit} in these tests' config only), so that the tests
 * can act while rsync is transferring: kill it, or trigger more syncs.
 */
class InterruptedSyncIT {

  private static final String SLOW = "--bwlimit=2000"; // KiB/s: the 6 MiB file takes ~3 s

  @TempDir static Path upstreamDir;
  static RsyncDaemon daemon;

  @TempDir Path mirror;
  SyncHarness harness;

  @BeforeAll
  static void startUpstream() throws Exception {
    Path dir = Files.createDirectories(upstreamDir.resolve("jackherer/pkg"));
    Files.writeString(dir.resolve("meta.binaryproto"), "index");
    daemon = RsyncDaemon.builder(upstreamDir).start();
  }

  @AfterAll
  static void stopUpstream() {
    daemon.close();
  }

  @AfterEach
  void stop() throws Exception {
    harness.service.stop();
    Files.deleteIfExists(bigFile());
  }

  private static Path bigFile() {
    return upstreamDir.resolve("jackherer/pkg/big-amd64-1-1.squashfs");
  }

  private static void addBigFile(int mib) throws Exception {
    byte[] noise = new byte[mib << 20];
    new SplittableRandom(mib).nextBytes(noise);
    Files.write(bigFile(), noise);
  }

  private void awaitTransferring() {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> {
              RsyncProgress progress = harness.service.status().progress();
              return progress != null && progress.bytes() > 0;
            });
  }

  @Test
  void killedRsyncLeavesThePreviousSnapshotAndFreshnessAndNoPartialSnapshot() throws Exception {
    harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), false);
    assertThat(harness.start().succeeded()).isTrue();
    harness.service.stop();
    String served = harness.currentId();
    String freshness = Files.readString(harness.freshness("127.0.0.1"));

    addBigFile(32);
    harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), false, SLOW);
    harness.service.start();
    awaitTransferring();
    ProcessHandle rsync =
        ProcessHandle.current()
            .children()
            .filter(
                p ->
                    p.info()
                        .arguments()
                        .map(a -> String.join(" ", a))
                        .orElse("")
                        .contains(mirror.toString()))
            .findFirst()
            .orElseThrow();
    rsync.destroyForcibly();
    SyncResult killed = harness.awaitPassesAfter(0);

    assertThat(killed.outcome()).isEqualTo(SyncResult.Outcome.RSYNC_FAILED);
    assertThat(killed.rsyncExitCode()).isEqualTo(137);
    assertThat(killed.message()).startsWith("killed by signal 9 (SIGKILL");
    assertThat(harness.currentId()).isEqualTo(served);
    assertThat(harness.current().resolve("jackherer/pkg/big-amd64-1-1.squashfs")).doesNotExist();
    assertThat(harness.freshness("127.0.0.1")).hasContent(freshness.strip());
    assertThat(harness.snapshotDirs()).containsExactly(served);
    assertThat(harness.service.status().state()).isEqualTo(SyncStatus.State.FAILED);
    assertThat(harness.service.status().snapshotId()).isEqualTo(served);
  }

  @Test
  void triggersDuringASyncCauseExactlyOneMorePass() throws Exception {
    addBigFile(6);
    harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), false, SLOW);
    harness.service.start();
    awaitTransferring();
    harness.service.trigger();
    harness.service.trigger();
    harness.service.trigger();

    SyncResult last = harness.awaitPassesAfter(1);

    assertThat(harness.passes()).isEqualTo(2);
    assertThat(last.succeeded()).as(last.message()).isTrue();
    assertThat(harness.metrics.meter("node.sync.result.success").getCount()).isEqualTo(2);
    // nothing else pending: the next pass is the scheduled one, an interval away
    assertThat(harness.service.status().nextSyncAt())
        .isAfter(java.time.Instant.now().plusSeconds(3000));
  }

  @Test
  void stoppingTheNodeMidSyncKillsRsyncAndCleansUp() throws Exception {
    addBigFile(32);
    harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), false, SLOW);
    harness.service.start();
    awaitTransferring();

    harness.service.stop();

    assertThat(harness.service.status().lastResult().succeeded()).isFalse();
    assertThat(mirror.resolve("current")).doesNotExist();
    assertThat(harness.snapshotDirs()).isEmpty();
    assertThat(harness.freshness("127.0.0.1")).doesNotExist();
    assertThat(
            ProcessHandle.current()
                .children()
                .filter(
                    p ->
                        p.info()
                            .arguments()
                            .map(a -> String.join(" ", a))
                            .orElse("")
                            .contains(mirror.toString())))
        .isEmpty();
  }
}
