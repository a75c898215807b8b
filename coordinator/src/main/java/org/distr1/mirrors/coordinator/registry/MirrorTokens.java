package org.distr1.mirrors.coordinator.registry;

import java.util.Map;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.auth.TokenAuthenticator;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/** Mirror (operator and node) tokens: one per mirror, replaced on rotation, gone on removal. */
final class MirrorTokens {

  private MirrorTokens() {}

  static TokenAuthenticator<MirrorPrincipal> authenticator(Jdbi jdbi) {
    return new TokenAuthenticator<>(
        Tokens.OPERATOR_PREFIX,
        id -> jdbi.withExtension(MirrorDao.class, dao -> dao.tokenHash(id))
            .map(hash -> new TokenAuthenticator.Owner<>(hash, new MirrorPrincipal(id))),
        Map.of(Tokens.MAINTAINER_PREFIX, "A maintainer token cannot act as a mirror; use the mirror's own token."));
  }

  static String token(long mirrorId, String secret) {
    return Tokens.token(Tokens.OPERATOR_PREFIX, mirrorId, secret);
  }
}
