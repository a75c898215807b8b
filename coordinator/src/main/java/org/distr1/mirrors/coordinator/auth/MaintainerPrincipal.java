package org.distr1.mirrors.coordinator.auth;

import java.security.Principal;

/** The distri maintainer (or a co-maintainer), holding a token made by {@code maintainer-token}. */
public record MaintainerPrincipal(long id, String name) implements Principal {
  @Override
  public String getName() {
    return "maintainer:" + name;
  }
}
