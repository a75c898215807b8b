package org.distr1.mirrors.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar distri-node.jar sync CONFIG}: the exit code says whether the sync worked. */
class SyncCommandIT {

  @TempDir Path dir;

  record Run(int exit, String output) {}

  private Run sync(String upstream, String extra) throws Exception {
    Path config = dir.resolve("node.yml");
    Files.writeString(
        config,
        """
        sync:
          upstream: %s
          mirrorRoot: %s
          connectTimeout: 5 seconds
        %slogging:
          level: WARN
        """
            .formatted(upstream, dir.resolve("mirror"), extra));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target/distri-node.jar").toAbsolutePath().toString(),
                "sync",
                config.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void exitsZeroAfterPublishingAndWritingFreshness() throws Exception {
    SampleRepository.generate(dir.resolve("upstream"), 9, 1);
    try (var daemon = RsyncDaemon.builder(dir.resolve("upstream")).start()) {
      Run run = sync(daemon.url(), "");
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("published snapshot");
      Run again = sync(daemon.url(), "");
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output())
          .containsPattern("upstream unchanged: snapshot \\S+ stays published");
      assertThat(FreshnessFile.read(dir.resolve("mirror"), "127.0.0.1")).isPresent();
      assertThat(dir.resolve("mirror/current/jackherer/pkg/meta.binaryproto"))
          .hasSameBinaryContentAs(dir.resolve("upstream/jackherer/pkg/meta.binaryproto"));
    }
  }

  @Test
  void exitsNonZeroAndExplainsWhenUpstreamIsDown() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Run run = sync("rsync://127.0.0.1:" + port + "/distri/", "");
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("sync failed: exit 10: error in socket I/O")
        .doesNotContain("\tat org.distr1");
    assertThat(dir.resolve("mirror/_mirror/last-sync-from/127.0.0.1")).doesNotExist();
    assertThat(dir.resolve("mirror/current")).doesNotExist();
  }

  @Test
  void refusesToSyncAMirrorRootAnotherProcessIsSyncing() throws Exception {
    Files.createDirectories(dir.resolve("mirror"));
    try (var channel =
            java.nio.channels.FileChannel.open(
                dir.resolve("mirror/.sync.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      Run run = sync("rsync://127.0.0.1:1/distri/", "");
      assertThat(run.exit()).isNotZero();
      assertThat(run.output()).contains("another process is syncing");
    }
  }

  @Test
  void exitsNonZeroOnAnInvalidConfiguration() throws Exception {
    Run run = sync("rsync://127.0.0.1/distri/", "  interval: 2 days\n");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("sync.interval");
  }
}
