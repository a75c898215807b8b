package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Initial and incremental syncs, upstream failures, siblings: real rsync daemon on loopback. */
class SyncServiceIT {

  @TempDir static Path upstreamDir;
  static SampleRepository upstream;
  static RsyncDaemon daemon;

  @TempDir Path mirror;
  SyncHarness harness;

  @BeforeAll
  static void startUpstream() throws Exception {
    upstream = SampleRepository.generate(upstreamDir, 42, 1);
    daemon = RsyncDaemon.builder(upstreamDir).start();
  }

  @AfterAll
  static void stopUpstream() {
    daemon.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.service.stop();
    }
  }

  private SyncResult start(boolean siblings) throws Exception {
    harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), siblings);
    return harness.start();
  }

  @Test
  void initialSyncPublishesAnExactCopyThenWritesFreshness() throws Exception {
    Instant before = Instant.now();
    SyncResult result = start(false);

    assertThat(result.succeeded()).as(result.message()).isTrue();
    Path current = harness.current();
    assertThat(current.getParent()).isEqualTo(mirror.resolve("snapshots").toRealPath());
    for (String file : upstream.files()) {
      assertThat(SampleRepository.resolveIn(current, file))
          .as(file)
          .hasSameBinaryContentAs(upstream.resolve(file));
      assertThat(Files.getLastModifiedTime(SampleRepository.resolveIn(current, file)))
          .isEqualTo(Files.getLastModifiedTime(upstream.resolve(file)));
    }
    Instant freshness = FreshnessFile.parse(Files.readString(harness.freshness("127.0.0.1")));
    assertThat(freshness.getEpochSecond()).isEqualTo(result.started().getEpochSecond());
    assertThat(result.started()).isAfterOrEqualTo(before.minusSeconds(1));

    SyncStatus status = harness.service.status();
    assertThat(status.state()).isEqualTo(SyncStatus.State.IDLE);
    assertThat(status.snapshotId()).isEqualTo(harness.currentId());
    assertThat(status.lastSuccessStart()).isEqualTo(result.started());
    assertThat(status.lastSuccessBytes()).isGreaterThan(upstream.totalBytes() / 2);
    // every top-level name (releases, master, commits) and every indexed section
    String master = Files.readSymbolicLink(upstreamDir.resolve("master")).toString();
    assertThat(status.indexDigests())
        .hasSize(3 * 5)
        .containsKeys(
            "jackherer", "supersilverhaze", "master", master, "master/debug", master + "/src")
        .containsEntry("master", status.indexDigests().get(master))
        .containsEntry(
            "jackherer",
            ReleaseIndex.sha256Hex(upstream.resolve(SampleRepository.indexPath("jackherer"))));
    assertThat(status.nextSyncAt()).isAfter(Instant.now().plusSeconds(3000));
    assertThat(harness.metrics.meter("node.sync.result.success").getCount()).isEqualTo(1);
  }

  @Test
  void aSyncOfAnUnchangedUpstreamKeepsTheSnapshotAndMovesOnlyTheFreshness() throws Exception {
    Path own = Files.createTempDirectory(upstreamDir.getParent(), "unchanged");
    SampleRepository.generate(own, 44, 1);
    try (var ownDaemon = RsyncDaemon.builder(own).start()) {
      harness = new SyncHarness(ownDaemon.url(), mirror, Duration.hours(1), false);
      SyncResult first = harness.start();
      assertThat(first.succeeded()).as(first.message()).isTrue();
      String served = harness.currentId();
      var digests = harness.service.status().indexDigests();

      SyncResult again = harness.syncAndWait();
      assertThat(again.succeeded()).as(again.message()).isTrue();
      assertThat(again.message()).isEqualTo("unchanged since snapshot " + served);
      assertThat(harness.currentId()).isEqualTo(served);
      assertThat(harness.snapshotDirs()).containsExactly(served);
      Instant freshness = FreshnessFile.parse(Files.readString(harness.freshness("127.0.0.1")));
      assertThat(freshness.getEpochSecond()).isEqualTo(again.started().getEpochSecond());
      assertThat(again.started()).isAfter(first.started());
      assertThat(harness.service.status().lastSuccessStart()).isEqualTo(again.started());
      assertThat(harness.service.status().indexDigests()).isEqualTo(digests).containsKey("master");

      // a deletion alone is a change (the dry run compares with --delete)
      String gone = "distri/jackherer/docs/index.html";
      Files.delete(SampleRepository.resolveIn(own, gone));
      SyncResult afterDelete = harness.syncAndWait();
      assertThat(afterDelete.succeeded()).as(afterDelete.message()).isTrue();
      assertThat(harness.currentId()).isNotEqualTo(served);
      assertThat(SampleRepository.resolveIn(harness.current(), gone)).doesNotExist();
    }
  }

  @Test
  void incrementalSyncHardLinksUnchangedFilesAndAppliesChanges() throws Exception {
    // mutations below are undone by a regenerated upstream in the other tests' eyes: use a copy
    Path own = Files.createTempDirectory(upstreamDir.getParent(), "incremental");
    var repo = SampleRepository.generate(own, 43, 1);
    try (var ownDaemon = RsyncDaemon.builder(own).start()) {
      harness = new SyncHarness(ownDaemon.url(), mirror, Duration.hours(1), false);
      assertThat(harness.start().succeeded()).isTrue();
      String first = harness.currentId();
      var packages = repo.packages("jackherer");
      String unchanged = packages.get(0);
      String changed = packages.get(1);
      String deleted = packages.get(2);
      Object unchangedInode = inode(SampleRepository.resolveIn(harness.current(), unchanged));
      Object changedInode = inode(SampleRepository.resolveIn(harness.current(), changed));
      String oldDigest = harness.service.status().indexDigests().get("jackherer");

      repo.changeFile(changed);
      repo.delete(deleted);
      String added = repo.addPackage("jackherer", "vim-amd64-9.0-1", 100_000, true);
      repo.rewriteIndex("jackherer");
      SyncResult second = harness.syncAndWait();

      assertThat(second.succeeded()).as(second.message()).isTrue();
      assertThat(harness.currentId()).isNotEqualTo(first);
      Path current = harness.current();
      assertThat(inode(SampleRepository.resolveIn(current, unchanged))).isEqualTo(unchangedInode);
      assertThat(inode(SampleRepository.resolveIn(current, changed))).isNotEqualTo(changedInode);
      assertThat(SampleRepository.resolveIn(current, changed))
          .hasSameBinaryContentAs(repo.resolve(changed));
      assertThat(SampleRepository.resolveIn(current, deleted)).doesNotExist();
      assertThat(
              SampleRepository.resolveIn(current, deleted.replace(".squashfs", ".meta.textproto")))
          .doesNotExist();
      assertThat(SampleRepository.resolveIn(current, added))
          .hasSameBinaryContentAs(repo.resolve(added));
      assertThat(PrecompressedSiblings.isFresh(SampleRepository.resolveIn(current, added), ".zst"))
          .isTrue();
      assertThat(listTree(current)).isEqualTo(repo.files());
      assertThat(harness.service.status().indexDigests().get("jackherer"))
          .isNotEqualTo(oldDigest)
          .isEqualTo(ReleaseIndex.sha256Hex(repo.resolve(SampleRepository.indexPath("jackherer"))));
      // the old snapshot stays for the grace period, for downloads that started on it
      assertThat(harness.snapshotDirs()).contains(first, harness.currentId());
    }
  }

  @Test
  void upstreamDownKeepsTheServedSnapshotAndFreshness() throws Exception {
    assertThat(start(false).succeeded()).isTrue();
    String served = harness.currentId();
    String freshness = Files.readString(harness.freshness("127.0.0.1"));
    harness.service.stop();

    // same mirror root, an upstream port where nobody listens
    int deadPort;
    try (var socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    harness =
        new SyncHarness(
            "rsync://127.0.0.1:" + deadPort + "/distri/", mirror, Duration.hours(1), false);
    SyncResult failed = harness.start();

    assertThat(failed.outcome()).isEqualTo(SyncResult.Outcome.RSYNC_FAILED);
    assertThat(failed.rsyncExitCode()).isEqualTo(10);
    assertThat(failed.message()).contains("error in socket I/O").contains("Connection refused");
    assertThat(harness.currentId()).isEqualTo(served);
    assertThat(harness.freshness("127.0.0.1")).hasContent(freshness.strip());
    assertThat(harness.snapshotDirs()).containsExactly(served);
    SyncStatus status = harness.service.status();
    assertThat(status.state()).isEqualTo(SyncStatus.State.FAILED);
    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(status.snapshotId()).isEqualTo(served);
    assertThat(status.lastSuccessStart()).isEqualTo(FreshnessFile.parse(freshness));
    // retried with backoff (30 s ± jitter), well before the hourly schedule
    assertThat(status.nextSyncAt()).isBefore(Instant.now().plusSeconds(31));
    assertThat(harness.metrics.meter("node.sync.result.rsync_failed").getCount()).isEqualTo(1);
  }

  @Test
  void missingSiblingsAreCreatedThenReusedByHardLink() throws Exception {
    assertThat(start(true).succeeded()).isTrue();
    String noise =
        upstream.packages("supersilverhaze").stream()
            .filter(p -> !Files.exists(upstream.resolve(p + ".zst")))
            .findFirst()
            .orElseThrow();
    Path image = SampleRepository.resolveIn(harness.current(), noise);
    Path index =
        SampleRepository.resolveIn(harness.current(), SampleRepository.indexPath("jackherer"));
    // sample noise images have no siblings and are never compressed (squashfs)
    assertThat(PrecompressedSiblings.sibling(image, ".zst")).doesNotExist();
    assertThat(PrecompressedSiblings.isFresh(index, ".zst")).isTrue();

    // a text file upstream without siblings gets them; the next sync links them
    Path readme = upstreamDir.resolve("jackherer/README.txt");
    Files.writeString(readme, "distri jackherer\n".repeat(200));
    try {
      assertThat(harness.syncAndWait().succeeded()).isTrue();
      Path first = SampleRepository.resolveIn(harness.current(), "distri/jackherer/README.txt");
      assertThat(PrecompressedSiblings.isFresh(first, ".zst")).isTrue();
      assertThat(PrecompressedSiblings.isFresh(first, ".gz")).isTrue();
      Object zstInode = inode(PrecompressedSiblings.sibling(first, ".zst"));

      assertThat(harness.syncAndWait().succeeded()).isTrue();
      Path second = SampleRepository.resolveIn(harness.current(), "distri/jackherer/README.txt");
      assertThat(inode(PrecompressedSiblings.sibling(second, ".zst"))).isEqualTo(zstInode);
    } finally {
      Files.delete(readme);
    }
  }

  static Object inode(Path file) throws Exception {
    return Files.getAttribute(file, "unix:ino");
  }

  static java.util.List<String> listTree(Path dir) throws Exception {
    // through the in-tree links (master, releases), as clients see the tree at /distri/
    try (var walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> SampleRepository.SERVED_AT + "/" + dir.relativize(p))
          .sorted()
          .toList();
    }
  }
}
