package org.distr1.mirrors.shared.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessFileTest {

  @TempDir Path root;

  @Test
  void formatIsDecimalSecondsAndNewline() {
    assertThat(FreshnessFile.format(Instant.parse("2026-11-26T09:00:00.750Z")))
        .isEqualTo("1795683600\n");
  }

  @Test
  void parseAcceptsTheFormatAndAMissingFinalNewline() {
    assertThat(FreshnessFile.parse("1795683600\n")).isEqualTo(Instant.ofEpochSecond(1795683600));
    assertThat(FreshnessFile.parse("0")).isEqualTo(Instant.EPOCH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\n",
        " 1795683600\n",
        "1795683600 \n",
        "-5\n",
        "+5\n",
        "1795683600.5\n",
        "1795683600\n\n",
        "1795683600\r\n",
        "17956836001234567\n",
        "0x10\n",
        "<html>not found</html>",
        "1795683600\n1795683601\n"
      })
  void parseRejectsGarbage(String content) {
    assertThatThrownBy(() -> FreshnessFile.parse(content))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a freshness file");
  }

  @Test
  void hostNamesAreValidatedAndNormalized() {
    assertThat(FreshnessFile.validateHost("Repo.Distr1.ORG.")).isEqualTo("repo.distr1.org");
    assertThat(FreshnessFile.validateHost("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(FreshnessFile.validateHost("2001:DB8:0:0::1")).isEqualTo("2001:db8::1");
    assertThat(FreshnessFile.urlPath("repo.distr1.org"))
        .isEqualTo("/_mirror/last-sync-from/repo.distr1.org");
    assertThat(FreshnessFile.path(root, "repo.distr1.org"))
        .isEqualTo(root.resolve("_mirror/last-sync-from/repo.distr1.org"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "..",
        ".",
        "a/b",
        "../etc",
        "a..b",
        "-bad.org",
        "bad-.org",
        "with space",
        "a\0b",
        "x\\y",
        "[::1]",
        "1:2",
        "ünicode.org"
      })
  void badHostNamesAreRejected(String host) {
    assertThatThrownBy(() -> FreshnessFile.validateHost(host))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeThenReadRoundTripsAndReplacesAtomically() throws Exception {
    assertThat(FreshnessFile.read(root, "upstream.example")).isEmpty();

    FreshnessFile.write(root, "upstream.example", Instant.ofEpochSecond(1000));
    FreshnessFile.write(root, "upstream.example", Instant.ofEpochSecond(2000));

    Path file = root.resolve("_mirror/last-sync-from/upstream.example");
    assertThat(Files.readString(file)).isEqualTo("2000\n");
    assertThat(FreshnessFile.read(root, "upstream.example")).contains(Instant.ofEpochSecond(2000));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).as("no temp files left").containsExactly(file);
    }
  }

  @Test
  void writingBefore1970IsRefused() {
    assertThatThrownBy(() -> FreshnessFile.write(root, "h", Instant.ofEpochSecond(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("_mirror/last-sync-from/h")).doesNotExist();
  }
}
