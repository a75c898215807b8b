package org.distr1.mirrors.coordinator.geo;

import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * What GeoIP says about a mirror's host: where it is (used when the operator gave no location) and
 * its autonomous system (clients in the same AS prefer it). Runs during enrollment, so it must
 * answer within a bounded time and never fail: what it cannot find it leaves out, saying why.
 */
@FunctionalInterface
public interface HostLocator {

  /**
   * @param location null when unknown
   * @param asn 0 when unknown
   * @param note why the location is missing, null when it was found
   */
  record Located(GeoLocation location, long asn, String note) {}

  Located locate(String host);
}
