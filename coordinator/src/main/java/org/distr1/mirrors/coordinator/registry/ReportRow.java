package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;

/**
 * One row of {@code mirror_reports}: the latest report of a mirror, with the fields routing and
 * verification read often pulled out of the JSON. All but {@code mirrorId} are null before the
 * first report.
 */
public record ReportRow(
    long mirrorId,
    Instant receivedAt,
    Long clockSkewMs,
    Instant lastSyncStartedAt,
    Long diskTotalBytes,
    String reportJson) {}
