package org.distr1.mirrors.coordinator.auth;

import java.security.Principal;
import org.distr1.mirrors.shared.web.ApiException;

/** A mirror's operator or its node, holding that mirror's token; may act on that mirror only. */
public record MirrorPrincipal(long mirrorId) implements Principal {

  /** The name mirror tokens' 401 challenge carries. */
  public static final String REALM = "distri mirror";

  @Override
  public String getName() {
    return "mirror:" + mirrorId;
  }

  /** Refuses (403) when the request addresses another mirror than the token's. */
  public void requireMirror(long id) {
    if (id != mirrorId) {
      throw ApiException.forbidden(
          "This token belongs to mirror " + mirrorId + ", not to mirror " + id + ".");
    }
  }
}
