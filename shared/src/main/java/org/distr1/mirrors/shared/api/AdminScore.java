package org.distr1.mirrors.shared.api;

/** The maintainer's routing weight for a mirror: 100 neutral, 0 never chosen by weighted random. */
public record AdminScore(int adminScore) {
  public AdminScore {
    if (adminScore < 0 || adminScore > 1000) {
      throw new IllegalArgumentException("adminScore must be between 0 and 1000, got " + adminScore);
    }
  }
}
