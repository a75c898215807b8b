package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginIndexTest {
  private static final String INDEX = SampleRepository.indexPath("jackherer");

  @TempDir Path root;
  private SampleRepository repo;
  private OriginIndex index;
  private final AtomicInteger changes = new AtomicInteger();
  // these tests rescan directly and never start the index, so nothing is ever scheduled here
  private static final ScheduledExecutorService UNUSED =
      Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void setUp() throws Exception {
    repo = SampleRepository.generate(root);
    index = new OriginIndex(root, Duration.ofHours(1), UNUSED);
    index.addListener(changes::incrementAndGet);
    assertThat(index.rescan()).isTrue();
  }

  @Test
  void everyFileWithSizeAndCtimeNotMtime() throws Exception {
    assertThat(index.current().size()).isEqualTo(repo.files().size());
    String image = repo.packages("jackherer").get(0);
    OriginFile file = index.current().get(image);
    assertThat(file.size()).isEqualTo(Files.size(repo.resolve(image)));
    // through the release link: mutable; the same file in its commit directory: not
    assertThat(file.mutable()).isTrue();
    OriginFile direct = index.current().get(image.replace("jackherer", commit("jackherer")));
    assertThat(direct.mutable()).isFalse();
    assertThat(direct.size()).isEqualTo(file.size());
    // the generator stamps 2024 mtimes, as rsync would carry them from the build host
    assertThat(Files.getLastModifiedTime(repo.resolve(image)).toInstant())
        .isBefore(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(file.appearedAtMillis()))
        .isAfter(Instant.now().minus(Duration.ofMinutes(10)));
  }

  @Test
  void indexFilesCarryTheirDigestAndSiblingsTheOriginals() throws Exception {
    OriginFile meta = index.current().get(INDEX);
    assertThat(meta.digest()).isEqualTo(OriginScanner.digest(repo.resolve(INDEX)));
    assertThat(meta.digest()).startsWith("sha256:").hasSize(71);
    assertThat(index.current().get(INDEX + ".zst").digest()).isEqualTo(meta.digest());

    repo.rewriteIndex("jackherer");
    assertThat(index.rescan()).isTrue();
    OriginFile rewritten = index.current().get(INDEX);
    assertThat(rewritten.digest())
        .isNotEqualTo(meta.digest())
        .isEqualTo(OriginScanner.digest(repo.resolve(INDEX)));
    assertThat(rewritten.appearedAtMillis()).isGreaterThanOrEqualTo(meta.appearedAtMillis());
    assertThat(index.current().get(INDEX + ".zst").digest()).isEqualTo(rewritten.digest());
  }

  @Test
  void rescanNoticesNewAndDeletedFilesAndStaysQuietOtherwise() throws Exception {
    assertThat(index.rescan()).isFalse();
    assertThat(changes).hasValue(1);

    long before = Instant.now().minusSeconds(1).toEpochMilli();
    String added = repo.addPackage("jackherer", "vim-amd64-9.0-1", 1000, false);
    assertThat(index.rescan()).isTrue();
    assertThat(changes).hasValue(2);
    assertThat(index.current().get(added).appearedAtMillis()).isGreaterThanOrEqualTo(before);

    repo.delete(added);
    assertThat(index.rescan()).isTrue();
    assertThat(index.current().get(added)).isNull();
  }

  @Test
  void temporaryHiddenFilesAndSymlinksOutOfTheTreeOrInALoopAreNotContent() throws Exception {
    Files.writeString(repo.resolve("distri/jackherer/pkg/.bash.squashfs.Xy12ab"), "partial");
    Files.createSymbolicLink(repo.resolve("distri/jackherer/pkg/passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(root.resolve("outside"), root.getParent());
    Files.createSymbolicLink(repo.resolve("distri/jackherer/pkg/loop"), Path.of("loop"));
    Files.createSymbolicLink(repo.resolve("distri/jackherer/docs/up"), Path.of(".."));
    assertThat(index.rescan()).isFalse();
    assertThat(index.current().get("distri/jackherer/pkg/passwd")).isNull();
    assertThat(index.current().files())
        .noneMatch(
            f ->
                f.path().startsWith("distri/outside/")
                    || f.path().contains("/loop")
                    || f.path().contains("/up/"));
  }

  @Test
  void pathsAreServedBelowDistriAndFollowInTreeLinks() throws Exception {
    String master = repo.master();
    assertThat(index.current().get(SampleRepository.CHECK_FILE)).isNotNull();
    assertThat(index.current().get("distri/master/pkg/i3status-amd64.meta.textproto").size())
        .isEqualTo(
            Files.size(
                repo.resolve("distri/" + master + "/pkg/i3status-amd64-2.13-10.meta.textproto")));
    assertThat(index.current().files()).allMatch(f -> f.path().startsWith("distri/"));
  }

  @Test
  void mutabilityIsDerivedFromNamesAndLinks() throws Exception {
    String master = repo.master();
    String pkg = "distri/" + master + "/pkg/";
    // versioned, in its commit directory: immutable
    assertThat(index.current().get(pkg + "i3status-amd64-2.13-10.squashfs").mutable()).isFalse();
    assertThat(index.current().get(pkg + "i3status-amd64-2.13-10.meta.textproto.zst").mutable())
        .isFalse();
    // unversioned link, index, through master: mutable, decided by the section's index
    for (String path :
        List.of(
            pkg + "i3status-amd64.meta.textproto",
            pkg + "meta.binaryproto",
            pkg + "meta.binaryproto.gz",
            "distri/master/pkg/i3status-amd64-2.13-10.squashfs")) {
      OriginFile file = index.current().get(path);
      assertThat(file.mutable()).as(path).isTrue();
      assertThat(file.digestPath())
          .as(path)
          .isEqualTo(
              path.startsWith("distri/master/")
                  ? "distri/master/pkg/meta.binaryproto"
                  : pkg + "meta.binaryproto");
      assertThat(file.digest())
          .as(path)
          .isEqualTo(OriginScanner.digest(repo.resolve(file.digestPath())));
    }
    assertThat(index.current().get("distri/master/debug/meta.binaryproto").digest())
        .isEqualTo(OriginScanner.digest(repo.resolve("distri/master/debug/meta.binaryproto")));
    // a section without an index: mutable paths in it have no digest any mirror can match
    assertThat(index.current().get("distri/master/img/distri-disk.img.zst").digest())
        .isEqualTo("sha256:no-index");
  }

  @Test
  void movingMasterChangesWhatItsPathsResolveTo() throws Exception {
    OriginFile before = index.current().get("distri/master/pkg/meta.binaryproto");
    String commit = repo.publish();
    assertThat(index.rescan()).isTrue();
    OriginFile after = index.current().get("distri/master/pkg/meta.binaryproto");
    assertThat(after.digest())
        .isNotEqualTo(before.digest())
        .isEqualTo(index.current().get("distri/" + commit + "/pkg/meta.binaryproto").digest());
    assertThat(index.current().get("distri/master/pkg/i3status-amd64.meta.textproto").digest())
        .isEqualTo(after.digest());
  }

  private String commit(String release) throws Exception {
    return Files.readSymbolicLink(root.resolve(release)).toString();
  }

  @Test
  void missingRootKeepsAnEmptyTreeWithoutFailing() {
    OriginIndex missing = new OriginIndex(root.resolve("nope"), Duration.ofHours(1), UNUSED);
    assertThat(missing.rescan()).isFalse();
    assertThat(missing.current().size()).isZero();
  }

  @Test
  void anIndexReplacedSinceTheScanIsNoLongerUnchangedUntilTheNextScan() throws Exception {
    OriginFile scanned = index.current().get(INDEX);
    assertThat(index.unchanged(scanned)).isTrue();
    Path next = repo.resolve(INDEX).resolveSibling(".meta.binaryproto.new");
    Files.write(next, Files.readAllBytes(repo.resolve(INDEX))); // the same bytes, a new inode
    Files.move(
        next,
        repo.resolve(INDEX),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(index.unchanged(scanned)).isFalse();
    index.rescan();
    assertThat(index.unchanged(index.current().get(INDEX))).isTrue();
    // a snapshot not yet rebuilt from that scan still holds the replaced file
    assertThat(index.unchanged(scanned)).isFalse();
    Files.delete(repo.resolve(INDEX));
    assertThat(index.unchanged(index.current().get(INDEX))).isFalse();
  }

  @Test
  void aStartedIndexSeesAChangeLongBeforeItsRescanInterval() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    OriginIndex watched = new OriginIndex(root, Duration.ofHours(1), executor);
    try {
      watched.start();
      String added = repo.addPackage("jackherer", "watched-amd64-1.0-1", 100, false);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> watched.current().get(added) != null);
      Files.createDirectories(root.resolve("newrelease/pkg"));
      Files.writeString(root.resolve("newrelease/pkg/a-amd64-1-1.squashfs"), "a");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> watched.current().get("distri/newrelease/pkg/a-amd64-1-1.squashfs") != null);
    } finally {
      watched.stop();
      executor.shutdownNow();
    }
  }
}
