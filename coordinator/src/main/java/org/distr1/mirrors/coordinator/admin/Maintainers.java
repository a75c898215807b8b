package org.distr1.mirrors.coordinator.admin;

import java.time.Clock;
import java.util.Map;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.NamedTokens;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/** Maintainer accounts: created and revoked on the command line, used through the admin API. */
public final class Maintainers extends NamedTokens<MaintainerPrincipal> {

  private static final Kind<MaintainerPrincipal> KIND =
      new Kind<>(
          "maintainers",
          "maintainer",
          Tokens.MAINTAINER_PREFIX,
          "maintainer",
          "maintainer.create",
          "maintainer.token_rotate",
          "maintainer.revoke",
          MaintainerPrincipal::new,
          Map.of(
              Tokens.OPERATOR_PREFIX,
              "A mirror token cannot use the maintainer API; use a maintainer token."));

  public Maintainers(Jdbi jdbi, AuditLog audit, Clock clock) {
    super(jdbi, audit, clock, KIND);
  }
}
