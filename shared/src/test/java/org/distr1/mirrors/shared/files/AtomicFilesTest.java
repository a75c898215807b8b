package org.distr1.mirrors.shared.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void createsReplacesAndLeavesNoTempFiles() throws IOException {
    Path target = dir.resolve("sub/allow.inc");
    AtomicFiles.replace(target, "one\n".getBytes(UTF_8));
    AtomicFiles.replace(target, "two\n".getBytes(UTF_8));
    assertThat(target).hasContent("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void failedWriteKeepsThePreviousFile() throws IOException {
    Path target = dir.resolve("allow.inc");
    AtomicFiles.replace(target, "good\n".getBytes(UTF_8));
    // a directory in the way makes the rename fail after the temp file was written
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("child"));
    assertThatThrownBy(() -> AtomicFiles.replace(blocked, "x".getBytes(UTF_8)))
        .isInstanceOf(IOException.class);
    assertThat(target).hasContent("good");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(target, blocked);
    }
  }

  @Test
  void concurrentReaderSeesOnlyWholeVersions() throws Exception {
    Path target = dir.resolve("allow.inc");
    String a = "a".repeat(64 * 1024);
    String b = "b".repeat(64 * 1024);
    AtomicFiles.replace(target, a.getBytes(UTF_8));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  String seen = Files.readString(target);
                  if (!seen.equals(a) && !seen.equals(b)) {
                    torn.set(seen.length() + " bytes");
                  }
                } catch (IOException e) {
                  torn.set(e.toString());
                }
              }
            });
    reader.start();
    for (int i = 0; i < 200; i++) {
      AtomicFiles.replace(target, (i % 2 == 0 ? b : a).getBytes(UTF_8));
    }
    done.set(true);
    reader.join();
    assertThat(torn.get()).isNull();
  }
}
