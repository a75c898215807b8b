package org.distr1.mirrors.coordinator.routing;

/** Why a mirror is not a candidate for a request, in the order they are checked. */
public enum Exclusion {
  /**
   * Approved but taken out of rotation by its operator (pending and disabled mirrors are not listed
   * at all).
   */
  PAUSED("paused by its operator"),
  NEVER_PROBED("no probe result yet"),
  DOWN("failing probes"),
  NO_REPORT("no health report from the node"),
  UNCONFIRMED("freshness file not confirmed by a probe"),
  CLOCK_SKEW("node clock too far off to trust its sync time"),
  OUTDATED("last sync started longer ago than mirrors must sync (24 h)"),
  ADDRESS_FAMILY("not reachable over the client's address family"),
  OTHER_COUNTRY("serves only its own country"),
  OTHER_CONTINENT("serves only its own continent"),
  STALE("last sync started before this file appeared at the origin"),
  INDEX_MISMATCH("holds a different version of this index file");

  private final String reason;

  Exclusion(String reason) {
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
