package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.util.Map;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.NamedTokens;
import org.distr1.mirrors.coordinator.auth.TokenAuthenticator;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/** Read-only tokens for the allowlist exports, one per rsync host ({@code dma_<id>.<secret>}). */
public final class AllowlistTokens extends NamedTokens<AllowlistReaderPrincipal> {

  private static final Kind<AllowlistReaderPrincipal> KIND =
      new Kind<>(
          "allowlist_tokens",
          "reader",
          Tokens.ALLOWLIST_READER_PREFIX,
          "allowlist-reader",
          "allowlist.token_issue",
          "allowlist.token_issue",
          "allowlist.token_revoke",
          (id, name) -> new AllowlistReaderPrincipal("allowlist-reader:" + name),
          Map.of(
              Tokens.OPERATOR_PREFIX,
              "A mirror token cannot read the allowlist; use an allowlist reader token."));

  public AllowlistTokens(Jdbi jdbi, AuditLog audit, Clock clock) {
    super(jdbi, audit, clock, KIND);
  }

  /**
   * Admits reader tokens and, so the maintainer can check an export with their own token,
   * maintainer tokens; refuses mirror tokens with 403.
   */
  public Authenticator<String, AllowlistReaderPrincipal> authenticator(
      Authenticator<String, MaintainerPrincipal> maintainers) {
    TokenAuthenticator<AllowlistReaderPrincipal> readers = authenticator();
    return token -> {
      if (token.startsWith(Tokens.MAINTAINER_PREFIX)) {
        return maintainers.authenticate(token).map(m -> new AllowlistReaderPrincipal(m.getName()));
      }
      return readers.authenticate(token);
    };
  }
}
