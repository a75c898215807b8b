package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

/** A maintainer's newly issued token, shown once; their previous token stops working at once. */
public record MaintainerToken(String name, String token) {
  public MaintainerToken {
    requireNonNull(name, "name");
    requireNonNull(token, "token");
  }
}
