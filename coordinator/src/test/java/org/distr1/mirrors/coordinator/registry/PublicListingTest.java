package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.PublicMirror;
import org.junit.jupiter.api.Test;

class PublicListingTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void theStateComesFromThePausedFlagAndTheProbersDampedVerdict() {
    assertThat(PublicListing.state(true, reading(true, null))).isEqualTo("paused");
    assertThat(PublicListing.state(false, null)).as("never probed").isEqualTo("checking");
    assertThat(PublicListing.state(false, reading(false, null)))
        .as("good probes, not enough yet")
        .isEqualTo("checking");
    assertThat(PublicListing.state(false, reading(false, "HTTP 503"))).isEqualTo("down");
    assertThat(PublicListing.state(false, reading(true, "HTTP 503")))
        .as("one failure is not down yet")
        .isEqualTo("up");
  }

  @Test
  void compressionIsTheZstdAndGzipChecksAndLongFailuresAreCut() {
    List<CheckResult> checks =
        List.of(
            new CheckResult("zstd", true, "zstd, 1234 bytes", NOW.minusSeconds(5)),
            new CheckResult("gzip", false, "identity", NOW),
            new CheckResult("disk", true, "reported disk 400 GiB", NOW));
    PublicMirror mirror =
        PublicListing.toPublic(view(checks), reading(false, "x".repeat(5000)), NOW);
    assertThat(mirror.compression()).isEqualTo(new PublicMirror.Compression(true, false, NOW));
    assertThat(mirror.checksPassed()).isEqualTo(2);
    assertThat(mirror.lastProbe().failure()).hasSize(300).endsWith("…");
    assertThat(mirror.lastProbe().ok()).isFalse();

    PublicMirror unchecked = PublicListing.toPublic(view(List.of()), null, NOW);
    assertThat(unchecked.compression()).isNull();
    assertThat(unchecked.lastProbe()).isNull();
    assertThat(unchecked.reportedAt()).isNull();
  }

  static MirrorView view(List<CheckResult> checks) {
    return new MirrorView(
        7,
        EnrollmentRequest.of(
            "m",
            "https://m.example.net/distri",
            "ops@example.org",
            null,
            1000L,
            List.of("192.0.2.0/24"),
            List.of()),
        null,
        "approved",
        false,
        null,
        100,
        NOW,
        NOW,
        checks,
        null);
  }

  private static ProbeRecord reading(boolean up, String failure) {
    return new ProbeRecord(
        1, up, failure == null ? 0 : 1, failure == null ? 1 : 0, null, NOW, failure);
  }
}
