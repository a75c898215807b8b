package org.distr1.mirrors.coordinator.allowlist;

import java.time.Instant;

/**
 * {@code POST /api/v1/admin/allowlist}: an address or CIDR, optionally for an approved mirror, with
 * a comment and an expiry. Checked by {@link Allowlist#add} (422 with a message).
 */
public record AddEntryRequest(String cidr, Long mirrorId, String comment, Instant expiresAt) {}
