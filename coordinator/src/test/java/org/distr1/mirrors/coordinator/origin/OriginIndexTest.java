package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
    index = new OriginIndex(root, Set.of("meta.binaryproto"), Duration.ofHours(1), UNUSED);
    index.addListener(changes::incrementAndGet);
    assertThat(index.rescan()).isTrue();
  }

  @Test
  void everyFileWithSizeAndCtimeNotMtime() throws Exception {
    assertThat(index.current().size()).isEqualTo(repo.files().size());
    String image = repo.packages("jackherer").get(0);
    OriginFile file = index.current().get(image);
    assertThat(file.size()).isEqualTo(Files.size(root.resolve(image)));
    assertThat(file.mutable()).isFalse();
    // the generator stamps 2024 mtimes, as rsync would carry them from the build host
    assertThat(Files.getLastModifiedTime(root.resolve(image)).toInstant())
        .isBefore(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(file.appearedAtMillis()))
        .isAfter(Instant.now().minus(Duration.ofMinutes(10)));
  }

  @Test
  void indexFilesCarryTheirDigestAndSiblingsTheOriginals() throws Exception {
    OriginFile meta = index.current().get(INDEX);
    assertThat(meta.digest()).isEqualTo(OriginScanner.digest(root.resolve(INDEX)));
    assertThat(meta.digest()).startsWith("sha256:").hasSize(71);
    assertThat(index.current().get(INDEX + ".zst").digest()).isEqualTo(meta.digest());

    repo.rewriteIndex("jackherer");
    assertThat(index.rescan()).isTrue();
    OriginFile rewritten = index.current().get(INDEX);
    assertThat(rewritten.digest()).isNotEqualTo(meta.digest())
        .isEqualTo(OriginScanner.digest(root.resolve(INDEX)));
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
  void temporaryHiddenFilesAndSymlinksAreNotContent() throws Exception {
    Files.writeString(root.resolve("distri/jackherer/pkg/.bash.squashfs.Xy12ab"), "partial");
    Files.createSymbolicLink(root.resolve("distri/jackherer/pkg/passwd"), Path.of("/etc/passwd"));
    assertThat(index.rescan()).isFalse();
    assertThat(index.current().get("distri/jackherer/pkg/passwd")).isNull();
  }

  @Test
  void missingRootKeepsAnEmptyTreeWithoutFailing() {
    OriginIndex missing =
        new OriginIndex(
            root.resolve("nope"), Set.of("meta.binaryproto"), Duration.ofHours(1), UNUSED);
    assertThat(missing.rescan()).isFalse();
    assertThat(missing.current().size()).isZero();
  }

  @Test
  void anIndexReplacedSinceTheScanIsNoLongerUnchangedUntilTheNextScan() throws Exception {
    OriginFile scanned = index.current().get(INDEX);
    assertThat(index.unchanged(scanned)).isTrue();
    Path next = root.resolve(INDEX).resolveSibling(".meta.binaryproto.new");
    Files.write(next, Files.readAllBytes(root.resolve(INDEX))); // the same bytes, a new inode
    Files.move(next, root.resolve(INDEX), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(index.unchanged(scanned)).isFalse();
    index.rescan();
    assertThat(index.unchanged(index.current().get(INDEX))).isTrue();
    // a snapshot not yet rebuilt from that scan still holds the replaced file
    assertThat(index.unchanged(scanned)).isFalse();
    Files.delete(root.resolve(INDEX));
    assertThat(index.unchanged(index.current().get(INDEX))).isFalse();
  }

  @Test
  void aStartedIndexSeesAChangeLongBeforeItsRescanInterval() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    OriginIndex watched = new OriginIndex(root, Set.of("meta.binaryproto"), Duration.ofHours(1), executor);
    try {
      watched.start();
      String added = repo.addPackage("jackherer", "watched-amd64-1.0-1", 100, false);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> watched.current().get(added) != null);
      Files.createDirectories(root.resolve("distri/newrelease/pkg"));
      Files.writeString(root.resolve("distri/newrelease/pkg/a-amd64-1-1.squashfs"), "a");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> watched.current().get("distri/newrelease/pkg/a-amd64-1-1.squashfs") != null);
    } finally {
      watched.stop();
      executor.shutdownNow();
    }
  }
}
