package org.distr1.mirrors.shared.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;

/**
 * A mirror as its operator and the maintainer see it (contact data included, no token): what the
 * operator declared, in the enrollment's own fields (so a field added there shows here too), and
 * what the coordinator made of it.
 *
 * @param declared the enrollment as accepted: base URL normalized, networks in canonical CIDR form,
 *     the location GeoIP found when the operator gave none; its fields appear at the top level
 * @param locationSource {@code operator}, {@code geoip}, or null when unknown
 * @param state {@code pending}, {@code approved} or {@code disabled}
 * @param paused the operator paused it for maintenance; routing skips it
 * @param stateReason why it is disabled, or why it went back to pending
 */
public record MirrorView(
    long id,
    @JsonUnwrapped EnrollmentRequest declared,
    String locationSource,
    String state,
    boolean paused,
    String stateReason,
    int adminScore,
    Instant createdAt,
    Instant updatedAt,
    List<CheckResult> checks,
    ReportSummary lastReport) {

  public MirrorView {
    checks = List.copyOf(checks);
  }
}
