package org.distr1.mirrors.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * A mirror as its operator and the maintainer see it (contact data included, no token).
 *
 * @param state {@code pending}, {@code approved} or {@code disabled}
 * @param paused the operator paused it for maintenance; routing skips it
 * @param stateReason why it is disabled, or why it went back to pending
 * @param locationSource {@code operator}, {@code geoip}, or null when unknown
 */
public record MirrorView(
    long id,
    String name,
    String baseUrl,
    String contactEmail,
    GeoLocation location,
    String locationSource,
    long bandwidthMbps,
    List<String> rsyncSources,
    List<String> netblocks,
    boolean countryOnly,
    boolean continentOnly,
    String state,
    boolean paused,
    String stateReason,
    int adminScore,
    Instant createdAt,
    Instant updatedAt,
    List<CheckResult> checks,
    ReportSummary lastReport) {

  public MirrorView {
    rsyncSources = List.copyOf(rsyncSources);
    netblocks = List.copyOf(netblocks);
    checks = List.copyOf(checks);
  }
}
