package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCompletenessTest {

  @TempDir Path snapshot;

  /** distri's MirrorMeta, with a well_known_path beside each name as the real one has. */
  static byte[] mirrorMeta(String... names) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    for (String name : names) {
      ByteArrayOutputStream pkg = new ByteArrayOutputStream();
      field(pkg, 1, name.getBytes(StandardCharsets.UTF_8));
      field(pkg, 2, "/bin/x".getBytes(StandardCharsets.UTF_8));
      field(meta, 1, pkg.toByteArray());
    }
    return meta.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    out.write(number << 3 | 2);
    out.write(value.length);
    out.writeBytes(value);
  }

  @Test
  void readsThePackageNamesOfAMirrorMeta() {
    assertThat(IndexCompleteness.names(mirrorMeta("bash-amd64-5.0-4", "zlib-amd64-1.2.11-4")))
        .containsExactly("bash-amd64-5.0-4", "zlib-amd64-1.2.11-4");
    assertThat(IndexCompleteness.names(new byte[0])).isEmpty();
  }

  @Test
  void anythingElseIsNotCheckable() {
    byte[] good = mirrorMeta("bash-amd64-5.0-4");
    assertThat(IndexCompleteness.names(java.util.Arrays.copyOf(good, good.length - 2)))
        .isNull(); // cut short
    assertThat(IndexCompleteness.names(mirrorMeta("../../etc/passwd"))).isNull();
    assertThat(
            IndexCompleteness.names("generation 1 and some text".getBytes(StandardCharsets.UTF_8)))
        .isNull();
  }

  @Test
  void listsWhatTheIndexesNameAndTheSnapshotLacks() throws Exception {
    Path pkg = Files.createDirectories(snapshot.resolve("distri/jackherer/pkg"));
    Files.write(
        pkg.resolve("meta.binaryproto"), mirrorMeta("bash-amd64-5.0-4", "zlib-amd64-1.2.11-4"));
    Files.writeString(pkg.resolve("bash-amd64-5.0-4.squashfs"), "x");
    assertThat(IndexCompleteness.missing(snapshot, 5))
        .containsExactly("distri/jackherer/pkg/zlib-amd64-1.2.11-4.squashfs");
    Files.writeString(pkg.resolve("zlib-amd64-1.2.11-4.squashfs"), "x");
    assertThat(IndexCompleteness.missing(snapshot, 5)).isEmpty();
  }

  @Test
  void theSampleRepositorysOwnIndexIsLeftAlone() throws Exception {
    SampleRepository.generate(snapshot);
    assertThat(IndexCompleteness.missing(snapshot, 5)).isEmpty();
  }
}
