package org.distr1.mirrors.shared.api;

import java.util.List;

/**
 * What a mirror operator sends to enroll ({@code POST /api/v1/mirrors}). Shape is checked here; the
 * coordinator's policy (URL rules, minimum bandwidth, address rules) is checked there.
 *
 * @param location null: the coordinator locates the host by GeoIP
 * @param bandwidthMbps the uplink the operator commits to, in Mbit/s
 * @param rsyncSources the addresses or CIDRs the mirror's rsync connects to upstream from
 * @param netblocks client networks the mirror claims to serve best (may be empty)
 * @param countryOnly serve only clients of the mirror's country
 * @param continentOnly serve only clients of the mirror's continent
 */
public record EnrollmentRequest(
    String name,
    String baseUrl,
    String contactEmail,
    GeoLocation location,
    Long bandwidthMbps,
    List<String> rsyncSources,
    List<String> netblocks,
    boolean countryOnly,
    boolean continentOnly) {

  public EnrollmentRequest {
    Fields.requireText("name", name, 100);
    Fields.requireText("baseUrl", baseUrl, 2048);
    Fields.requireEmail("contactEmail", contactEmail);
    if (bandwidthMbps == null) {
      throw new IllegalArgumentException(
          "bandwidthMbps is required (the uplink in Mbit/s, e.g. 1000)");
    }
    rsyncSources = Fields.list("rsyncSources", rsyncSources, 64);
    if (rsyncSources.isEmpty()) {
      throw new IllegalArgumentException(
          "rsyncSources must name at least one IPv4/IPv6 address or CIDR your rsync connects from");
    }
    netblocks = Fields.list("netblocks", netblocks, 64);
  }

  /**
   * A request with the fields every mirror gives and the optional ones at their defaults (serving
   * the whole world): for callers that set only those, so that a new optional field is added here
   * and not at each of them.
   */
  public static EnrollmentRequest of(
      String name,
      String baseUrl,
      String contactEmail,
      GeoLocation location,
      Long bandwidthMbps,
      List<String> rsyncSources,
      List<String> netblocks) {
    return new EnrollmentRequest(
        name,
        baseUrl,
        contactEmail,
        location,
        bandwidthMbps,
        rsyncSources,
        netblocks,
        false,
        false);
  }
}
