package org.distr1.mirrors.coordinator.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * The published mirror requirements that can be checked from what the operator sends (the rest is
 * verified by probing the mirror). Every refusal is a 422 whose message says what to change.
 */
final class EnrollmentRules {

  private final long minBandwidthMbps;
  private final CidrPolicy cidrPolicy;
  private final boolean allowNonPublicAddresses;

  EnrollmentRules(long minBandwidthMbps, CidrPolicy cidrPolicy, boolean allowNonPublicAddresses) {
    this.minBandwidthMbps = minBandwidthMbps;
    this.cidrPolicy = allowNonPublicAddresses ? cidrPolicy.allowingNonPublic() : cidrPolicy;
    this.allowNonPublicAddresses = allowNonPublicAddresses;
  }

  URI baseUrl(String text) {
    return BaseUrls.normalize(text, allowNonPublicAddresses);
  }

  long bandwidth(long mbps) {
    if (mbps < minBandwidthMbps) {
      throw ApiException.invalid(
          "bandwidth_too_low",
          "bandwidthMbps "
              + mbps
              + " is below the published requirement of "
              + minBandwidthMbps
              + " Mbit/s for distri mirrors");
    }
    return mbps;
  }

  /** Parsed, normalized, deduplicated and sorted; any refused entry refuses the whole list. */
  List<String> cidrs(String field, List<String> texts) {
    TreeSet<Cidr> parsed = new TreeSet<>();
    for (String text : texts) {
      try {
        parsed.add(Cidr.parse(text, cidrPolicy));
      } catch (InvalidCidrException e) {
        throw ApiException.invalid("invalid_cidr", field + ": " + e.getMessage());
      }
    }
    // wider blocks sort first at the same address, so a block inside a kept one is redundant
    List<Cidr> kept = new ArrayList<>();
    for (Cidr cidr : parsed) {
      if (kept.stream().noneMatch(wider -> wider.contains(cidr))) {
        kept.add(cidr);
      }
    }
    return kept.stream().map(Cidr::toString).toList();
  }
}
