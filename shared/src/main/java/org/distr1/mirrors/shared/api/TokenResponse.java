package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

/** A newly issued token, shown once (rotation). The previous token stops working at once. */
public record TokenResponse(long mirrorId, String token) {
  public TokenResponse {
    requireNonNull(token, "token");
  }
}
