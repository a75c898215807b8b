package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hasher over a generated origin tree, its rows in the database tier's database (a real H2
 * file, and again a real PostgreSQL) with the real migrations.
 */
@Tag("database")
class OriginDigestsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private SampleRepository repo;
  private TestDatabase database;
  private OriginIndex index;
  private final ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService hashing = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws Exception {
    repo = SampleRepository.generate(dir.resolve("origin"));
    database = new TestDatabase(dir);
    index = new OriginIndex(repo.root(), Duration.ofHours(1), unused);
    index.rescan();
  }

  @AfterEach
  void tearDown() throws Exception {
    hashing.shutdownNow();
    unused.shutdownNow();
    database.close();
  }

  private OriginDigests started() throws InterruptedException {
    // not told of rescans: a test's earlier instance must not hash what a restart should find
    OriginDigests digests =
        new OriginDigests(repo.root(), index::current, database.jdbi(), hashing);
    long before = digests.passes();
    digests.start();
    await(() -> digests.passes() > before);
    return digests;
  }

  @Test
  void everyFileGetsItsWholeAndPieceHashesOffTheCallersThread() throws Exception {
    OriginDigests digests = started();
    // one read per file, however many names reach it (master/, release links, commit dirs)
    assertThat(digests.hashedFiles()).isEqualTo(distinctFiles()).isLessThan(index.current().size());
    for (OriginFile file : index.current().files()) {
      assertThat(digests.of(file)).as(file.path()).isNotNull();
    }
    String image = largest();
    byte[] bytes = Files.readAllBytes(repo.resolve(image));
    assertThat(bytes.length).isGreaterThan(2 * FileHasher.MIN_PIECE);
    FileDigests d = digests.of(index.current().get(image));
    assertThat(d.sha256()).isEqualTo(hex("SHA-256", bytes));
    assertThat(d.sha512()).isEqualTo(hex("SHA-512", bytes));
    assertThat(d.pieceLength()).isEqualTo(FileHasher.MIN_PIECE);
    assertThat(d.pieces())
        .hasSize((bytes.length + FileHasher.MIN_PIECE - 1) / FileHasher.MIN_PIECE);
    for (int p = 0; p < d.pieces().size(); p++) {
      byte[] piece =
          Arrays.copyOfRange(
              bytes,
              p * FileHasher.MIN_PIECE,
              Math.min(bytes.length, (p + 1) * FileHasher.MIN_PIECE));
      assertThat(d.pieces().get(p)).isEqualTo(hex("SHA-256", piece));
    }
    assertThat(d.reprDigest())
        .isEqualTo(
            "sha-256=:"
                + base64("SHA-256", bytes)
                + ":, sha-512=:"
                + base64("SHA-512", bytes)
                + ":");
    assertThat(d.digest()).startsWith("SHA-256=" + base64("SHA-256", bytes) + ",SHA-512=");
  }

  @Test
  void aRestartReadsTheDatabaseAndHashesOnlyWhatChanged() throws Exception {
    started().stop();
    String index = SampleRepository.indexPath("jackherer");
    String image = largest();
    repo.rewriteIndex("jackherer");
    Files.delete(repo.resolve(image));
    this.index.rescan();

    OriginDigests restarted = started();
    // the index and its present siblings changed, seen through the release link and in its
    // commit directory: read once each, nothing else is read again
    String inCommit =
        index.replace(
            "jackherer", Files.readSymbolicLink(repo.root().resolve("jackherer")).toString());
    long changed =
        this.index.current().files().stream().filter(f -> f.path().startsWith(inCommit)).count();
    assertThat(changed).isPositive();
    assertThat(restarted.hashedFiles()).isEqualTo(changed);
    String viaRelease = index + ".zst";
    if (this.index.current().get(viaRelease) != null) {
      assertThat(restarted.of(this.index.current().get(viaRelease))).isNotNull();
    }
    OriginFile current = this.index.current().get(index);
    assertThat(restarted.of(current).sha256())
        .isEqualTo(hex("SHA-256", Files.readAllBytes(repo.resolve(index))));
    int rows =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM origin_digests WHERE path = :p")
                        .bind("p", image)
                        .mapTo(Integer.class)
                        .one());
    assertThat(rows).isZero();
  }

  /** The files behind the index's names. */
  private long distinctFiles() throws Exception {
    java.util.Set<Path> real = new java.util.HashSet<>();
    for (OriginFile file : index.current().files()) {
      real.add(file.resolveIn(repo.root()).toRealPath());
    }
    return real.size();
  }

  @Test
  void aNewNameOfAHashedFileIsNotReadAgain() throws Exception {
    OriginDigests digests = started();
    long before = digests.hashedFiles();
    String oldMaster = repo.master();
    String pkg = repo.packages(oldMaster).get(0);
    OriginFile viaCommit = index.current().get(pkg);
    // a new name for a hashed file, as when master or a release link moves onto a commit
    Files.createSymbolicLink(repo.root().resolve("branch-x"), Path.of(oldMaster));
    index.rescan();
    digests.changed();
    long passes = digests.passes();
    await(() -> digests.passes() > passes);
    String viaBranch = "distri/branch-x" + pkg.substring(("distri/" + oldMaster).length());
    OriginFile branchFile = index.current().get(viaBranch);
    assertThat(branchFile).as(viaBranch).isNotNull();
    assertThat(digests.of(branchFile).sha256()).isEqualTo(digests.of(viaCommit).sha256());
    assertThat(digests.hashedFiles()).isEqualTo(before);
  }

  @Test
  void digestsOfOlderContentAreNeverGivenForNewContent() throws Exception {
    OriginDigests digests = started();
    String image = repo.packages("jackherer").get(0);
    OriginFile before = index.current().get(image);
    OriginFile after = new OriginFile(image, before.size(), before.appearedAtMillis() + 1, null);
    assertThat(digests.of(before)).isNotNull();
    assertThat(digests.of(after)).isNull();
  }

  @Test
  void pieceLengthGrowsSoThatNoFileHasMoreThanTheLimit() {
    assertThat(FileHasher.pieceLength(0)).isEqualTo(FileHasher.MIN_PIECE);
    assertThat(FileHasher.pieceLength(1024L * FileHasher.MIN_PIECE))
        .isEqualTo(FileHasher.MIN_PIECE);
    assertThat(FileHasher.pieceLength(1024L * FileHasher.MIN_PIECE + 1))
        .isEqualTo(2 * FileHasher.MIN_PIECE);
    long image = 150L << 30;
    assertThat((image + FileHasher.pieceLength(image) - 1) / FileHasher.pieceLength(image))
        .isLessThanOrEqualTo(FileHasher.MAX_PIECES);
  }

  private String largest() {
    return index.current().files().stream()
        .max(java.util.Comparator.comparingLong(OriginFile::size))
        .orElseThrow()
        .path();
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private static String base64(String algorithm, byte[] bytes) throws Exception {
    return java.util.Base64.getEncoder()
        .encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("deadline").isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
