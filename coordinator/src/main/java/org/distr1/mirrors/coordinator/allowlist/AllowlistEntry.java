package org.distr1.mirrors.coordinator.allowlist;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * One admitted network.
 *
 * @param mirrorId the mirror it belongs to; null for a maintainer's entry for no mirror
 * @param origin who keeps it: the maintainer (admin API) or the registry (a declared source)
 * @param createdBy the audit actor that added it, e.g. {@code maintainer:alice}
 * @param expiresAt when it stops admitting anybody; null = never
 */
public record AllowlistEntry(
    long id,
    Cidr cidr,
    Long mirrorId,
    Origin origin,
    String comment,
    Instant createdAt,
    String createdBy,
    Instant expiresAt) {

  /** Who keeps an entry. */
  public enum Origin {
    /** Added and removed through the admin API. */
    MAINTAINER,
    /** A declared rsync source of an approved mirror; follows the mirror's lifecycle. */
    MIRROR;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AllowlistEntry {
    requireNonNull(cidr, "cidr");
    requireNonNull(origin, "origin");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(createdBy, "createdBy");
    comment = comment == null ? "" : comment;
  }

  /** True while the entry admits its network; an expired entry is never exported. */
  public boolean isActiveAt(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }

  /** The audit subject of an entry. */
  public String subject() {
    return "allowlist:" + id;
  }

  /** How the entry is named in messages, e.g. {@code #12 192.0.2.0/24 (mirror 5)}. */
  public String describe() {
    String owner =
        origin == Origin.MIRROR
            ? "declared rsync source of mirror " + mirrorId
            : mirrorId == null ? "maintainer entry" : "maintainer entry for mirror " + mirrorId;
    return "#" + id + " " + cidr + " (" + owner + ")";
  }
}
