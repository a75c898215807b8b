package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthChecksTest {

  @TempDir Path root;

  @Test
  void diskSpaceWarnsBelowTheMinimum() {
    assertThat(new DiskSpaceHealthCheck(root, 0).execute().isHealthy()).isTrue();
    var low = new DiskSpaceHealthCheck(root.resolve("not/yet/created"), Long.MAX_VALUE).execute();
    assertThat(low.isHealthy()).isFalse();
    assertThat(low.getMessage()).contains("GiB free on " + root);
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
    assertThat(stale.getMessage()).contains("PT2H ago (limit PT1H)");
    assertThat(new LastSyncHealthCheck(serviceWithStatus(null), Duration.ofHours(1), clock)
        .execute().getMessage()).isEqualTo("no successful sync yet");
  }

  private static Supplier<SyncStatus> serviceWithStatus(Instant lastStart) {
    var status = SyncStatus.initial("rsync://upstream.example/distri/", null, Map.of(),
        lastStart, lastStart);
    return () -> status;
  }
}
