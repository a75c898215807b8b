package org.distr1.mirrors.shared.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/|/",
        "''|/",
        "/distri/jackherer/pkg/bash-5.1.squashfs|/distri/jackherer/pkg/bash-5.1.squashfs",
        "/distri/jackherer/pkg/|/distri/jackherer/pkg/",
        "distri/jackherer|/distri/jackherer",
        "//distri///jackherer//|/distri/jackherer/",
        "/./distri/./jackherer/.|/distri/jackherer",
        "/distri/%6Aackherer|/distri/jackherer",
        "/distri/%2E/jackherer|/distri/jackherer",
        "/distri/c%2B%2B-1.0.squashfs|/distri/c++-1.0.squashfs",
        "/distri/a+b|/distri/a+b",
        "/distri/caf%C3%A9|/distri/café",
        "/distri/...|/distri/...",
        "/distri/..foo|/distri/..foo",
        "/distri/.~tmp~|/distri/.~tmp~",
      })
  void normalizes(String raw, String canonical) {
    assertThat(RepositoryPath.parse(raw)).hasToString(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/..",
        "/../etc/passwd",
        "/distri/../../etc/passwd",
        "/distri/jackherer/..",
        "/distri/%2e%2e/%2e%2e/etc/passwd",
        "/distri/%2E%2E/x",
        "/distri/.%2e/x",
        "/distri/%2e./x",
        "/distri/%2e%2e%2fetc%2fpasswd",
        "/distri/..%2fetc",
        "/distri/a%2Fb",
        "/distri/%252e%252e/etc",
        "/distri/%25",
        "/distri/%",
        "/distri/%2",
        "/distri/%zz",
        "/distri/%c0%ae%c0%ae/etc",
        "/distri/%ff",
        "/distri/a%00.squashfs",
        "/distri/a\u0000.squashfs",
        "/distri/a%0a",
        "/distri/a%0d%0aSet-Cookie:x",
        "/distri/a%7f",
        "/distri/a%c2%85",
        "/distri/a\tb",
        "/distri\\..\\etc",
        "/distri/%5c..%5cetc",
        "/distri/a%5cb",
        "/distri/bash;jsessionid=1",
        "/distri/..;/etc",
      })
  void rejectsAttacks(String raw) {
    assertThatThrownBy(() -> RepositoryPath.parse(raw))
        .isInstanceOf(InvalidPathException.class)
        .satisfies(
            e -> {
              InvalidPathException invalid = (InvalidPathException) e;
              assertThat(invalid.toApiError().status()).isEqualTo(400);
              assertThat(invalid.toApiError().code()).isEqualTo("invalid_path");
              assertThat(invalid.getMessage()).isNotBlank();
            });
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> RepositoryPath.parse("/a/%2e%2e/b")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> RepositoryPath.parse("/a%2fb")).hasMessageContaining("encoded '/'");
    assertThatThrownBy(() -> RepositoryPath.parse("/a%252e")).hasMessageContaining("double");
    assertThatThrownBy(() -> RepositoryPath.parse("/a%00")).hasMessageContaining("U+0000");
  }

  @Test
  void rejectsOverlongPathsAndSegments() {
    assertThatThrownBy(() -> RepositoryPath.parse("/" + "a".repeat(256)))
        .isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> RepositoryPath.parse("/a".repeat(RepositoryPath.MAX_LENGTH)))
        .isInstanceOf(InvalidPathException.class);
    assertThat(RepositoryPath.parse("/" + "a".repeat(255)).fileName()).hasSize(255);
  }

  @Test
  void constructorChecksSegmentsToo() {
    assertThatThrownBy(() -> new RepositoryPath(List.of("distri", ".."), false))
        .isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> new RepositoryPath(List.of("a/b"), false))
        .isInstanceOf(InvalidPathException.class);
  }

  @Test
  void resolvesBelowTheRootOnly(@TempDir Path root) {
    RepositoryPath path = RepositoryPath.parse("/distri/%2e/jackherer/pkg/a.squashfs");
    assertThat(path.resolveIn(root)).isEqualTo(root.resolve("distri/jackherer/pkg/a.squashfs"));
    assertThat(path.resolveIn(root).normalize()).startsWithRaw(root);
    assertThat(RepositoryPath.root().resolveIn(root)).isEqualTo(root);
  }

  @Test
  void exposesParts() {
    RepositoryPath path = RepositoryPath.parse("/distri/jackherer/");
    assertThat(path.segments()).containsExactly("distri", "jackherer");
    assertThat(path.directoryForm()).isTrue();
    assertThat(path.relative()).isEqualTo("distri/jackherer");
    assertThat(path.fileName()).isEqualTo("jackherer");
    assertThat(path.child("pkg")).hasToString("/distri/jackherer/pkg");
    assertThat(RepositoryPath.root().isRoot()).isTrue();
    assertThat(RepositoryPath.parse("/distri")).isNotEqualTo(path);
  }
}
