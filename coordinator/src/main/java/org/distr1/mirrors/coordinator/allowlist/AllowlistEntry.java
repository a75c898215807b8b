package org.distr1.mirrors.coordinator.allowlist;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * One admitted network: entered by the maintainer ({@code mirrorId} null) or admitted with an
 * approved mirror's declared rsync sources.
 *
 * @param expiresAt when the entry stops admitting anybody; null = never
 */
public record AllowlistEntry(
    long id, Cidr cidr, Long mirrorId, String comment, Instant createdAt, Instant expiresAt) {

  public AllowlistEntry {
    requireNonNull(cidr, "cidr");
    requireNonNull(createdAt, "createdAt");
    comment = comment == null ? "" : comment;
  }

  /** True while the entry admits its network; an expired entry is never exported. */
  public boolean isActiveAt(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }
}
