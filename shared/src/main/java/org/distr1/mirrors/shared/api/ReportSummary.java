package org.distr1.mirrors.shared.api;

import java.time.Instant;

/**
 * What the coordinator made of a mirror's latest report.
 *
 * @param clockSkewMillis node clock minus coordinator clock at receipt
 * @param report the report as received
 */
public record ReportSummary(Instant receivedAt, long clockSkewMillis, NodeReport report) {}
