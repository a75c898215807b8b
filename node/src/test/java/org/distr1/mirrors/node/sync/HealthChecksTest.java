package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import org.distr1.mirrors.shared.api.DiskRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthChecksTest {

  @TempDir Path root;

  @Test
  void diskSpaceWarnsBelowTheMinimum() {
    var clock = Clock.systemUTC();
    assertThat(
            new DiskSpaceHealthCheck(new MirrorDisk(root, clock), new DiskRequirement(0))
                .execute()
                .isHealthy())
        .isTrue();
    var low =
        new DiskSpaceHealthCheck(
                new MirrorDisk(root.resolve("not/yet/created"), clock),
                new DiskRequirement(Long.MAX_VALUE))
            .execute();
    assertThat(low.isHealthy()).isFalse();
    assertThat(low.getMessage())
        .contains("available to the mirror (0 B used by it, ")
        .contains(" free); ");
  }

  /**
   * A full mirror has little free space left: what its tree holds counts, as in the coordinator's
   * check.
   */
  @Test
  void diskSpaceCountsWhatTheTreeAlreadyUsesPlusWhatIsFree() throws Exception {
    Path snapshot = Files.createDirectories(root.resolve("snapshots/20261126T090000Z/distri"));
    try (RandomAccessFile image =
        new RandomAccessFile(snapshot.resolve("disk.img").toFile(), "rw")) {
      image.setLength(100L << 30); // sparse: 100 GiB of tree that costs no disk here
    }
    Files.createLink(
        root.resolve("snapshots/hardlinked.img"), snapshot.resolve("disk.img")); // counted once
    long free = Files.getFileStore(root).getUsableSpace();
    var clock = Clock.systemUTC();

    var enough =
        new DiskSpaceHealthCheck(
                new MirrorDisk(root, clock), new DiskRequirement(free + (50L << 30)))
            .execute();
    assertThat(enough.isHealthy()).as(enough.getMessage()).isTrue();
    assertThat(enough.getMessage()).contains("(100.0 GiB used by it, ");
    var tooLittle =
        new DiskSpaceHealthCheck(
                new MirrorDisk(root, clock), new DiskRequirement(free + (150L << 30)))
            .execute();
    assertThat(tooLittle.isHealthy()).as(tooLittle.getMessage()).isFalse();
  }

  @Test
  void lastSyncAgeIsJudgedFromTheLastSuccessfulStart() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    var service = serviceWithStatus(now.minus(Duration.ofHours(2)));
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    assertThat(new LastSyncHealthCheck(service, Duration.ofHours(3), clock).execute().isHealthy())
        .isTrue();
    var stale = new LastSyncHealthCheck(service, Duration.ofHours(1), clock).execute();
    assertThat(stale.isHealthy()).isFalse();
    assertThat(stale.getMessage()).contains("2 h ago (limit 1 h)");
    assertThat(
            new LastSyncHealthCheck(serviceWithStatus(null), Duration.ofHours(1), clock)
                .execute()
                .getMessage())
        .isEqualTo("no successful sync yet");
  }

  private static Supplier<SyncStatus> serviceWithStatus(Instant lastStart) {
    var status =
        SyncStatus.initial(
            "rsync://upstream.example/distri/", null, Map.of(), lastStart, lastStart);
    return () -> status;
  }
}
