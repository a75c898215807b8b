package org.distr1.mirrors.coordinator.stats;

/** Why the origin answered a repository request itself instead of redirecting it. */
public enum OriginReason {
  /** No mirror is eligible for this file and client (none fresh, up, or accepting the client). */
  NO_MIRROR("no-mirror"),
  /** A mutable file changed at the origin after the routing snapshot was built. */
  CHANGED("changed"),
  /** The origin has no such file (a 404, counted so that broken clients show). */
  NOT_FOUND("not-found");

  private final String wireName;

  OriginReason(String wireName) {
    this.wireName = wireName;
  }

  /** As stored and as the API shows it. */
  public String wireName() {
    return wireName;
  }
}
