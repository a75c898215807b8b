package org.distr1.mirrors.coordinator.allowlist;

import java.util.Locale;

/** The shapes in which the allowlist is exported, named as in the export URL. */
public enum ExportFormat {
  /** The rsyncd.conf fragment ({@link RsyncdFragment}), as written to the fragment file. */
  RSYNCD("text/plain; charset=utf-8"),
  /** A systemd drop-in for the rsync socket ({@link SocketDropIn}). */
  SYSTEMD("text/plain; charset=utf-8"),
  /** One canonical CIDR per line, for firewalls and scripts. */
  TEXT("text/plain; charset=utf-8"),
  /** The active entries with mirror, comment and expiry. */
  JSON("application/json");

  private final String mediaType;

  ExportFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format named {@code name} in a URL ({@code rsyncd}, {@code text}, {@code json}). */
  public static ExportFormat byName(String name) {
    for (ExportFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown export format '" + name + "'; use rsyncd, systemd, text or json");
  }
}
