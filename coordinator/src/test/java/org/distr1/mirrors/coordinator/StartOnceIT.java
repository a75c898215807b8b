package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess;
import org.distr1.mirrors.coordinator.registry.CoordinatorProcess.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's class-data archive step with the real jar and JVM: {@code start-once} starts, stops
 * and exits, and the archive it leaves is one the JVM accepts for this jar; a refused archive fails
 * only the unit's {@code -Xshare:on} check, never a start ({@code -Xshare:auto}).
 */
class StartOnceIT {

  @TempDir Path dir;

  @Test
  void startOnceLeavesAnArchiveTheJvmAcceptsAndABadOneStopsNothing() throws Exception {
    try (CoordinatorProcess coordinator = new CoordinatorProcess(dir, "", "")) {
      Path archive = dir.resolve("coordinator.jsa");
      CommandResult once =
          coordinator.tryCommand(
              List.of(
                  "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
              "start-once");
      assertThat(once.exitCode()).as(once.output()).isZero();
      assertThat(Files.size(archive)).isGreaterThan(1_000_000);
      // stopped: nothing listens on its port any more
      Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", coordinator.port()).close())
          .isInstanceOf(ConnectException.class);
      assertThat(accepts(archive)).isZero();

      Path garbage = Files.writeString(dir.resolve("garbage.jsa"), "not an archive");
      assertThat(accepts(garbage)).isNotZero();
      assertThat(accepts(dir.resolve("missing.jsa"))).isNotZero();
      CommandResult check =
          coordinator.tryCommand(List.of("-XX:SharedArchiveFile=" + garbage), "check");
      assertThat(check.exitCode()).as(check.output()).isZero();
    }
  }

  /** The unit's ExecStartPre test: 0 when the JVM maps the archive for this jar. */
  private static int accepts(Path archive) throws IOException, InterruptedException {
    Process java =
        new ProcessBuilder(
                "java",
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on",
                "-cp",
                CoordinatorProcess.JAR.toString(),
                "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!java.waitFor(60, TimeUnit.SECONDS)) {
      java.destroyForcibly();
      throw new IllegalStateException("java -version did not finish");
    }
    return java.exitValue();
  }
}
