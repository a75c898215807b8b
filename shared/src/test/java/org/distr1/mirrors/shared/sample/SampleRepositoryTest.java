package org.distr1.mirrors.shared.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRepositoryTest {

  @TempDir static Path dir;
  static SampleRepository repo;

  @BeforeAll
  static void generate() throws IOException {
    repo = SampleRepository.generate(dir.resolve("a"), 7, 1);
  }

  @Test
  void holdsBothReleasesWithPackagesIndexAndImages() throws IOException {
    for (String release : SampleRepository.RELEASES) {
      assertThat(repo.packages(release)).hasSize(release.equals("jackherer") ? 8 : 9);
      assertThat(repo.resolve(SampleRepository.indexPath(release))).isRegularFile();
      assertThat(repo.resolve("distri/" + release + "/img/distri-disk.img.zst")).isRegularFile();
      for (String section : SampleRepository.INDEXED_SECTIONS) {
        assertThat(repo.resolve("distri/" + release + "/" + section + "/meta.binaryproto"))
            .isRegularFile();
      }
      for (String image : repo.packages(release)) {
        assertThat(repo.resolve(image.replace(".squashfs", ".meta.textproto"))).isRegularFile();
      }
    }
    assertThat(repo.totalBytes()).isBetween(20L << 20, 60L << 20);
  }

  @Test
  void sizesRangeFromBytesToSeveralMebibytes() throws IOException {
    var sizes =
        repo.packages("jackherer").stream()
            .mapToLong(f -> size(repo.resolve(f)))
            .sorted()
            .toArray();
    assertThat(sizes[0]).isLessThan(16);
    assertThat(sizes[sizes.length - 1]).isGreaterThanOrEqualTo(3L << 20);
  }

  @Test
  void siblingsCarryTheOriginalsMtimeAndDecompressible() throws IOException {
    int compressed = 0;
    for (String file : repo.files()) {
      Path path = repo.resolve(file);
      if (PrecompressedSiblings.isSibling(path)
          || !Files.exists(PrecompressedSiblings.sibling(path, ".zst"))) {
        continue;
      }
      compressed++;
      assertThat(PrecompressedSiblings.isFresh(path, ".zst")).as(file).isTrue();
      assertThat(PrecompressedSiblings.isFresh(path, ".gz")).as(file).isTrue();
    }
    // per release 4 text-like images, 8 (9) metadata files and their unversioned links, 3
    // indexes, the docs page; seen through the commit and the release (and master) names
    int jackherer = 4 + 2 * 8 + 3 + 1;
    int supersilverhaze = 4 + 2 * 9 + 3 + 1;
    assertThat(compressed).isEqualTo(2 * jackherer + 3 * supersilverhaze);
  }

  @Test
  void sameSeedSameTreeOtherSeedOtherTree() throws IOException {
    var again = SampleRepository.generate(dir.resolve("b"), 7, 1);
    var other = SampleRepository.generate(dir.resolve("c"), 8, 1);
    assertThat(fingerprint(again)).isEqualTo(fingerprint(repo));
    assertThat(fingerprint(other)).isNotEqualTo(fingerprint(repo));
  }

  @Test
  void mutationsChangeContentAndMoveMtimesForward() throws IOException {
    var mutable = SampleRepository.generate(dir.resolve("d"), 1, 1);
    String image = mutable.packages("supersilverhaze").get(0);
    Path path = mutable.resolve(image);
    var before = Files.readAllBytes(path);
    var mtime = Files.getLastModifiedTime(path);

    mutable.changeFile(image);
    assertThat(Files.readAllBytes(path)).hasSameSizeAs(before).isNotEqualTo(before);
    assertThat(Files.getLastModifiedTime(path)).isGreaterThan(mtime);

    byte[] index = Files.readAllBytes(mutable.resolve(SampleRepository.indexPath("jackherer")));
    assertThat(mutable.rewriteIndex("jackherer")).isNotEqualTo(index);
    assertThat(
            PrecompressedSiblings.isFresh(
                mutable.resolve(SampleRepository.indexPath("jackherer")), ".zst"))
        .isTrue();

    String added = mutable.addPackage("jackherer", "vim-amd64-9.0-1", 1234, true);
    assertThat(mutable.resolve(added)).hasSize(1234);
    mutable.delete(added);
    assertThat(mutable.files()).noneMatch(f -> f.contains("vim-amd64"));
  }

  @Test
  void laidOutLikeDistrisRsyncModule() throws IOException {
    Path root = repo.root();
    String master = repo.master();
    assertThat(root.resolve(master)).isDirectory();
    assertThat(master).matches("[0-9a-f]{12}");
    for (String branch : List.of("master", "supersilverhaze", "jackherer")) {
      assertThat(Files.isSymbolicLink(root.resolve(branch))).as(branch).isTrue();
      assertThat(Files.readSymbolicLink(root.resolve(branch)).toString()).matches("[0-9a-f]{12}");
    }
    assertThat(root.resolve("distri")).doesNotExist();
    for (String section : SampleRepository.SECTIONS) {
      assertThat(root.resolve(master).resolve(section)).isDirectory();
    }
    assertThat(repo.resolve(SampleRepository.CHECK_FILE)).isRegularFile();
    Path unversioned = repo.resolve("distri/master/pkg/i3status-amd64.meta.textproto");
    assertThat(Files.readSymbolicLink(unversioned).toString())
        .isEqualTo("i3status-amd64-2.13-10.meta.textproto");
    assertThat(PrecompressedSiblings.isFresh(unversioned, ".zst")).isTrue();
  }

  @Test
  void publicationBuildsANewCommitAndMovesMasterAtomically() throws IOException {
    var published = SampleRepository.generate(dir.resolve("p"), 3, 1);
    String before = published.master();
    byte[] oldIndex = Files.readAllBytes(published.resolve("distri/master/pkg/meta.binaryproto"));
    List<String> oldPackages = published.packages(before);

    String commit = published.publish();

    assertThat(commit).isNotEqualTo(before).matches("[0-9a-f]{12}");
    assertThat(published.master()).isEqualTo(commit);
    assertThat(published.root().resolve(before)).isDirectory(); // old builds stay
    List<String> newPackages = published.packages(commit);
    assertThat(newPackages).hasSize(oldPackages.size() + 1);
    String added =
        newPackages.stream()
            .filter(p -> !oldPackages.contains(p.replace(commit, before)))
            .findFirst()
            .orElseThrow();
    assertThat(published.resolve(added.replace(".squashfs", ".meta.textproto"))).isRegularFile();
    assertThat(Files.readAllBytes(published.resolve("distri/master/pkg/meta.binaryproto")))
        .isNotEqualTo(oldIndex);
    assertThat(Files.readAllBytes(published.resolve("distri/" + before + "/pkg/meta.binaryproto")))
        .isEqualTo(oldIndex);
    // unchanged files are hard links of the previous build, not copies
    String kept = oldPackages.get(0);
    assertThat(
            Files.isSameFile(
                published.resolve(kept), published.resolve(kept.replace(before, commit))))
        .isTrue();
    try (var names = Files.list(published.root())) {
      assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    // another process can publish into the same tree
    String third = SampleRepository.open(published.root()).publish();
    assertThat(published.master()).isEqualTo(third).isNotEqualTo(commit);
  }

  @Test
  void scaleMultipliesThePackages() throws IOException {
    var big = SampleRepository.generate(dir.resolve("e"), 1, 2);
    assertThat(big.packages("jackherer")).hasSize(16).doesNotHaveDuplicates();
  }

  @Test
  void smallPackagesAddManyFilesInLittleSpace() throws IOException {
    var many = SampleRepository.generate(dir.resolve("f"), 1, 1, 200);
    assertThat(many.packages("master")).hasSize(209).doesNotHaveDuplicates();
    assertThat(many.resolve("distri/master/pkg/small7-amd64.meta.textproto"))
        .hasContent(
            Files.readString(many.resolve("distri/master/pkg/small7-amd64-1.0-2.meta.textproto")));
    assertThat(many.resolve("distri/master/pkg/small7-amd64-1.0-2.squashfs.zst")).isRegularFile();
    assertThat(many.resolve("distri/master/pkg/small6-amd64-1.0-1.squashfs.zst")).doesNotExist();
    // the default tree (about 42 MiB) plus 2 x 200 packages of a few KiB
    assertThat(many.totalBytes() - repo.totalBytes()).isBetween(1L << 20, 8L << 20);
    String published = many.publish();
    assertThat(many.packages(published)).hasSize(210);
  }

  private static Map<String, String> fingerprint(SampleRepository r) throws IOException {
    var result = new LinkedHashMap<String, String>();
    for (String file : r.files()) {
      Path path = r.resolve(file);
      result.put(file, sha256(Files.readAllBytes(path)) + "@" + Files.getLastModifiedTime(path));
    }
    return result;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
