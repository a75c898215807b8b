package org.distr1.mirrors.coordinator.registry;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.shared.api.EnrollmentRequest;

/** Stored mirrors and their profiles for tests, made as the enrollment makes them. */
public final class TestMirrorRecords {
  private TestMirrorRecords() {}

  /** An unlocated world-wide mirror of 1000 Mbit/s, as its operator declares it. */
  public static MirrorProfile profile(String name, String baseUrl) {
    EnrollmentRequest request =
        EnrollmentRequest.of(
            name, baseUrl, "ops@example.org", null, 1000L, List.of("127.0.0.1"), List.of());
    return MirrorProfile.enrolled(request, URI.create(baseUrl), 1000, null, null);
  }

  public static MirrorRecord approved(long id, String baseUrl) {
    return approved(id, profile("mirror-" + id, baseUrl));
  }

  /** An approved mirror with this profile, no networks, enrolled at the start of 2026. */
  public static MirrorRecord approved(long id, MirrorProfile profile) {
    Instant enrolled = Instant.parse("2026-01-01T00:00:00Z");
    return new MirrorRecord(
        id,
        profile,
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
