package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.lifecycle.Managed;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.auth.TokenAuthenticator;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Mirror (operator and node) tokens: one per mirror, replaced on rotation, gone on removal.
 *
 * <p>Every node report is authenticated, so the stored hashes are kept in memory: read from the
 * database on first use, and forgotten after every committed change of the mirror (rotation and
 * removal among them), so the next request reads the new hash. The read runs inside the map's
 * per-key compute, so a read that saw the old row finishes before the forget that follows the
 * commit, and a removed or rotated token stops working as soon as the change is answered. This
 * assumes one coordinator writes the database; several coordinators sharing one would each need
 * to hear the others' changes.
 */
final class MirrorTokens implements TokenAuthenticator.Owners<MirrorPrincipal>, Managed {

  private final Jdbi jdbi;
  private final Map<Long, TokenAuthenticator.Owner<MirrorPrincipal>> known = new ConcurrentHashMap<>();

  MirrorTokens(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  TokenAuthenticator<MirrorPrincipal> authenticator() {
    return new TokenAuthenticator<>(
        Tokens.OPERATOR_PREFIX,
        this,
        Map.of(Tokens.MAINTAINER_PREFIX, "A maintainer token cannot act as a mirror; use the mirror's own token."));
  }

  @Override
  public void start() {
    jdbi.withExtension(MirrorDao.class, MirrorDao::tokenHashes).forEach((id, hash) ->
        known.putIfAbsent(id, owner(id, hash)));
  }

  @Override
  public Optional<TokenAuthenticator.Owner<MirrorPrincipal>> find(long mirrorId) {
    // an unknown id is not remembered: it may be enrolled next
    return Optional.ofNullable(known.computeIfAbsent(mirrorId, id ->
        jdbi.withExtension(MirrorDao.class, dao -> dao.tokenHash(id))
            .map(hash -> owner(id, hash))
            .orElse(null)));
  }

  /** Call after a change of the mirror committed. */
  void forget(long mirrorId) {
    known.remove(mirrorId);
  }

  private static TokenAuthenticator.Owner<MirrorPrincipal> owner(long id, String hash) {
    return new TokenAuthenticator.Owner<>(hash, new MirrorPrincipal(id));
  }

  static String token(long mirrorId, String secret) {
    return Tokens.token(Tokens.OPERATOR_PREFIX, mirrorId, secret);
  }
}
