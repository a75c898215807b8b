package org.distr1.mirrors.shared.api;

import java.util.List;

/**
 * An operator's change to their mirror; null fields stay as they are. Changing {@code baseUrl} or
 * {@code rsyncSources} sends the mirror back to {@code pending} (it must be verified and approved
 * again).
 */
public record MirrorUpdate(
    String name,
    String baseUrl,
    String contactEmail,
    GeoLocation location,
    Long bandwidthMbps,
    List<String> rsyncSources,
    List<String> netblocks,
    Boolean countryOnly,
    Boolean continentOnly) {

  public MirrorUpdate {
    if (name != null) {
      Fields.requireText("name", name, 100);
    }
    if (baseUrl != null) {
      Fields.requireText("baseUrl", baseUrl, 2048);
    }
    if (contactEmail != null) {
      Fields.requireEmail("contactEmail", contactEmail);
    }
    if (rsyncSources != null) {
      rsyncSources = Fields.list("rsyncSources", rsyncSources, 64);
      if (rsyncSources.isEmpty()) {
        throw new IllegalArgumentException(
            "rsyncSources must name at least one IPv4/IPv6 address or CIDR your rsync connects from");
      }
    }
    if (netblocks != null) {
      netblocks = Fields.list("netblocks", netblocks, 64);
    }
  }
}
