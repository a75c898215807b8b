package org.distr1.mirrors.shared.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/** The maintainer's routing weight for a mirror: 100 neutral, 0 never chosen by weighted random. */
public record AdminScore(
    // required, and null is no score: a default of 0 would take the mirror out of weighted random
    @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) int adminScore) {
  public AdminScore {
    if (adminScore < 0 || adminScore > 1000) {
      throw new IllegalArgumentException(
          "adminScore must be between 0 and 1000, got " + adminScore);
    }
  }
}
