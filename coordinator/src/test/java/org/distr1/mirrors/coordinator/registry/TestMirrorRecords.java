package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import java.util.List;

/** Stored mirrors and their profiles for tests. */
final class TestMirrorRecords {
  private TestMirrorRecords() {}

  /** An unlocated world-wide mirror of 1000 Mbit/s, as its operator declares it. */
  static MirrorProfile profile(String name, String baseUrl) {
    return new MirrorProfile(
        name, baseUrl, "ops@example.org", null, null, null, null, null, 1000, false, false);
  }

  static MirrorRecord approved(long id, String baseUrl) {
    Instant enrolled = Instant.parse("2026-01-01T00:00:00Z");
    return new MirrorRecord(
        id,
        profile("mirror-" + id, baseUrl),
        null,
        0,
        100,
        MirrorState.APPROVED,
        false,
        null,
        List.of(),
        List.of(),
        enrolled,
        enrolled);
  }
}
