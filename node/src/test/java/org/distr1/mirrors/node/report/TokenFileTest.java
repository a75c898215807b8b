package org.distr1.mirrors.node.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  @TempDir Path dir;

  @Test
  void aTokenFileThatCannotBeMadeIsRefusedBeforeEnrolling() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("etc"), "a file");
    assertThatThrownBy(() -> TokenFile.checkWritable(notADirectory.resolve("token")))
        .hasMessageContaining("cannot write the token file " + notADirectory.resolve("token"))
        .hasMessageContaining("nothing was enrolled");
    Path directory = Files.createDirectories(dir.resolve("token"));
    assertThatThrownBy(() -> TokenFile.checkWritable(directory))
        .hasMessageContaining("it is a directory");
  }

  @Test
  void aWritableDirectoryPassesAndKeepsNothing() throws IOException {
    TokenFile.checkWritable(dir.resolve("new/token"));
    assertThat(dir.resolve("new")).isEmptyDirectory();
  }

  @Test
  void aTokenThatCouldNotBeStoredIsPrintedWithWhatToDo() {
    String message =
        TokenFile.notStored(
            Path.of("/etc/distri-mirror/token"),
            12,
            "dmo_12.secret",
            new AccessDeniedException("/etc/distri-mirror/.token123.tmp"));
    assertThat(message)
        .contains(
            "enrolled as mirror 12, but the token could not be stored in /etc/distri-mirror/token (permission denied)")
        .contains("\n  dmo_12.secret\n")
        .contains("(umask 077; echo 'dmo_12.secret' > /etc/distri-mirror/token)")
        .contains("remove mirror 12 and enroll again");
  }
}
