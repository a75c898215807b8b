package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;

/**
 * One row of {@code mirror_reports}: the latest report of a mirror, with the fields routing and
 * verification read often pulled out of the JSON. All but {@code mirrorId} are null before the
 * first report. The report is stored as UTF-8 JSON bytes: H2 writes a binary value as one copy, a
 * character string one character at a time, and every commit rewrites whole pages of rows.
 */
public record ReportRow(
    long mirrorId,
    Instant receivedAt,
    Long clockSkewMs,
    Instant lastSyncStartedAt,
    Long diskAvailableBytes,
    byte[] reportJson) {}
