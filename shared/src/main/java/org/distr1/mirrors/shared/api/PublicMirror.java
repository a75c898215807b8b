package org.distr1.mirrors.shared.api;

import java.time.Instant;

/**
 * An approved mirror as anyone may see it ({@code GET /api/v1/mirrors}): no contact data, no
 * secrets.
 *
 * @param status {@code up} or {@code paused}
 * @param freshnessAgeSeconds seconds since the start of its last successful sync, null if unknown
 * @param checksPassed checks passed in the last verification, out of {@code checksTotal}
 * @param syncing the sync running now, null when none
 */
public record PublicMirror(
    long id,
    String name,
    String baseUrl,
    GeoLocation location,
    String status,
    Instant lastSyncStartedAt,
    Long freshnessAgeSeconds,
    int checksPassed,
    int checksTotal,
    Instant lastVerifiedAt,
    NodeReport.SyncProgress syncing) {}
