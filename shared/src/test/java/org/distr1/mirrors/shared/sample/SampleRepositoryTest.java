package org.distr1.mirrors.shared.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
      assertThat(repo.packages(release)).hasSize(8);
      assertThat(repo.resolve(SampleRepository.indexPath(release))).isRegularFile();
      assertThat(repo.resolve("distri/" + release + "/img/distri-disk.img.zst")).isRegularFile();
      for (String image : repo.packages(release)) {
        assertThat(repo.resolve(image.replace(".squashfs", ".meta.textproto"))).isRegularFile();
      }
    }
    assertThat(repo.totalBytes()).isBetween(10L << 20, 30L << 20);
  }

  @Test
  void sizesRangeFromBytesToSeveralMebibytes() throws IOException {
    var sizes = repo.packages("jackherer").stream().mapToLong(f -> size(repo.resolve(f))).sorted()
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
    // 4 text-like images, 8 metadata files, 1 index per release
    assertThat(compressed).isEqualTo(2 * (4 + 8 + 1));
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
    assertThat(PrecompressedSiblings.isFresh(
        mutable.resolve(SampleRepository.indexPath("jackherer")), ".zst")).isTrue();

    String added = mutable.addPackage("jackherer", "vim-amd64-9.0-1", 1234, true);
    assertThat(mutable.resolve(added)).hasSize(1234);
    mutable.delete(added);
    assertThat(mutable.files()).noneMatch(f -> f.contains("vim-amd64"));
  }

  @Test
  void scaleMultipliesThePackages() throws IOException {
    var big = SampleRepository.generate(dir.resolve("e"), 1, 2);
    assertThat(big.packages("jackherer")).hasSize(16).doesNotHaveDuplicates();
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
