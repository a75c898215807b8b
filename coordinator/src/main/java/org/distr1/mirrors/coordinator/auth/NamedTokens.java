package org.distr1.mirrors.coordinator.auth;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer tokens of named accounts (maintainers, allowlist readers): one table of {@code (id, name,
 * token_hash, created_at)}, accounts made, given a new token and revoked on the coordinator's
 * command line, every change audited; only the token's hash is stored.
 */
public class NamedTokens<P extends Principal> {

  /**
   * What differs between kinds of account.
   *
   * @param noun what an account is called in messages ("maintainer")
   * @param subjectPrefix audit subject of an account: this, a colon and its name
   * @param principal the principal of an account, from its id and name
   * @param otherAudiences token prefixes refused with 403, and why (see {@link TokenAuthenticator})
   */
  public record Kind<P>(
      String table,
      String noun,
      String prefix,
      String subjectPrefix,
      String createAction,
      String replaceAction,
      String revokeAction,
      BiFunction<Long, String, P> principal,
      Map<String, String> otherAudiences) {}

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final Kind<P> kind;

  protected NamedTokens(Jdbi jdbi, AuditLog audit, Clock clock, Kind<P> kind) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
    this.kind = kind;
  }

  /**
   * Creates the account, or gives an existing one a new token; returns the token (show it once).
   */
  public String issue(String name, String actor) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          kind.noun()
              + " name must be lower-case letters, digits, '.', '_' or '-', starting with a letter: "
              + name);
    }
    String secret = Tokens.newSecret();
    String hash = Tokens.hash(secret);
    return jdbi.inTransaction(
        handle -> {
          NamedTokenDao dao = handle.attach(NamedTokenDao.class);
          Optional<NamedTokenDao.Account> existing = dao.findByName(kind.table(), name);
          long id;
          if (existing.isPresent()) {
            id = existing.get().id();
            dao.updateHash(kind.table(), id, hash);
            audit.record(
                handle,
                actor,
                kind.replaceAction(),
                subject(name),
                Map.of("name", name),
                Map.of("name", name));
          } else {
            id = dao.insert(kind.table(), name, hash, clock.instant());
            audit.record(
                handle, actor, kind.createAction(), subject(name), null, Map.of("name", name));
          }
          return Tokens.token(kind.prefix(), id, secret);
        });
  }

  /** Deletes the account (and so its token); false if there was none. */
  public boolean revoke(String name, String actor) {
    return jdbi.inTransaction(
        handle -> {
          boolean deleted = handle.attach(NamedTokenDao.class).delete(kind.table(), name) > 0;
          if (deleted) {
            audit.record(
                handle, actor, kind.revokeAction(), subject(name), Map.of("name", name), null);
          }
          return deleted;
        });
  }

  public List<String> names() {
    return jdbi.withExtension(
        NamedTokenDao.class,
        dao -> dao.all(kind.table()).stream().map(NamedTokenDao.Account::name).toList());
  }

  public TokenAuthenticator<P> authenticator() {
    return new TokenAuthenticator<>(
        kind.prefix(),
        id ->
            jdbi.withExtension(NamedTokenDao.class, dao -> dao.find(kind.table(), id))
                .map(
                    a ->
                        new TokenAuthenticator.Owner<>(
                            a.tokenHash(), kind.principal().apply(a.id(), a.name()))),
        kind.otherAudiences());
  }

  private String subject(String name) {
    return kind.subjectPrefix() + ":" + name;
  }
}
