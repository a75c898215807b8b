package org.distr1.mirrors.shared.siblings;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecompressedSiblingsTest {

  @TempDir Path dir;

  @Test
  void writesDecodableSiblingsWithTheOriginalsMtimeWithoutTouchingHardLinks() throws Exception {
    Path original = dir.resolve("meta.binaryproto");
    Files.writeString(original, "index ".repeat(1000));
    Files.setLastModifiedTime(original, FileTime.fromMillis(1_700_000_000_000L));
    Path oldZst = PrecompressedSiblings.sibling(original, ".zst");
    Files.writeString(oldZst, "stale");
    Path otherSnapshotsLink = dir.resolve("linked.zst");
    Files.createLink(otherSnapshotsLink, oldZst);

    PrecompressedSiblings.writeAll(original);

    assertThat(PrecompressedSiblings.isFresh(original, ".zst")).isTrue();
    assertThat(PrecompressedSiblings.isFresh(original, ".gz")).isTrue();
    try (var in = new ZstdInputStream(Files.newInputStream(oldZst))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(original));
    }
    try (var in = new GZIPInputStream(Files.newInputStream(dir.resolve("meta.binaryproto.gz")))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(original));
    }
    assertThat(otherSnapshotsLink).hasContent("stale");
    assertThat(PrecompressedSiblings.isSibling(oldZst)).isTrue();
    assertThat(PrecompressedSiblings.isSibling(original)).isFalse();
  }

  @Test
  void aSiblingWithAnotherMtimeIsStale() throws Exception {
    Path original = dir.resolve("a.txt");
    Files.writeString(original, "a");
    PrecompressedSiblings.writeAll(original);
    Files.setLastModifiedTime(original, FileTime.fromMillis(1_000L));
    assertThat(PrecompressedSiblings.isFresh(original, ".zst")).isFalse();
    assertThat(PrecompressedSiblings.isFresh(dir.resolve("missing"), ".gz")).isFalse();
  }
}
