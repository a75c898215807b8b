package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import java.util.List;

/** Stored mirrors for tests that need one without a database. */
final class TestMirrorRecords {
  private TestMirrorRecords() {}

  static MirrorRecord approved(long id, String baseUrl) {
    Instant enrolled = Instant.parse("2026-01-01T00:00:00Z");
    return new MirrorRecord(
        id,
        "mirror-" + id,
        baseUrl,
        "ops@example.org",
        null,
        null,
        null,
        0,
        1000,
        100,
        false,
        false,
        MirrorState.APPROVED,
        false,
        null,
        List.of(),
        List.of(),
        enrolled,
        enrolled);
  }
}
