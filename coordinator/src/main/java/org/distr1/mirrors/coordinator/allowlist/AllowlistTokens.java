package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.TokenAuthenticator;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Read-only tokens for the allowlist exports, one per rsync host: made and revoked on the
 * coordinator's command line, stored as SHA-256 hashes, compared in constant time.
 */
public final class AllowlistTokens {

  /** Prefix of allowlist reader tokens ({@code dma_<id>.<secret>}). */
  public static final String PREFIX = "dma_";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;

  public AllowlistTokens(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new token for {@code name} (replacing its old one); shown once, only its hash is kept. */
  public String issue(String name, String actor) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "reader name must be lower-case letters, digits, '.', '_' or '-', starting with a"
              + " letter: " + name);
    }
    String secret = Tokens.newSecret();
    String hash = Tokens.hash(secret);
    return jdbi.inTransaction(
        handle -> {
          AllowlistTokenDao dao = handle.attach(AllowlistTokenDao.class);
          Optional<AllowlistTokenDao.Reader> existing = dao.findByName(name);
          long id;
          if (existing.isPresent()) {
            id = existing.get().id();
            dao.updateHash(id, hash);
          } else {
            id = dao.insert(name, hash, clock.instant());
          }
          audit.record(
              handle, actor, "allowlist.token_issue", subject(name), null, Map.of("name", name));
          return Tokens.token(PREFIX, id, secret);
        });
  }

  /** Deletes the reader's token; false if there was none. */
  public boolean revoke(String name, String actor) {
    return jdbi.inTransaction(
        handle -> {
          boolean deleted = handle.attach(AllowlistTokenDao.class).delete(name) > 0;
          if (deleted) {
            audit.record(
                handle, actor, "allowlist.token_revoke", subject(name), Map.of("name", name), null);
          }
          return deleted;
        });
  }

  public List<String> names() {
    return jdbi.withExtension(
        AllowlistTokenDao.class,
        dao -> dao.all().stream().map(AllowlistTokenDao.Reader::name).toList());
  }

  /**
   * Admits reader tokens and, so the maintainer can check an export with their own token,
   * maintainer tokens; refuses mirror tokens with 403.
   */
  public Authenticator<String, AllowlistReaderPrincipal> authenticator(
      Authenticator<String, MaintainerPrincipal> maintainers) {
    TokenAuthenticator<AllowlistReaderPrincipal> readers =
        new TokenAuthenticator<>(
            PREFIX,
            id ->
                jdbi.withExtension(AllowlistTokenDao.class, dao -> dao.find(id))
                    .map(
                        r ->
                            new TokenAuthenticator.Owner<>(
                                r.tokenHash(), new AllowlistReaderPrincipal(subject(r.name())))),
            Map.of(
                Tokens.OPERATOR_PREFIX,
                "A mirror token cannot read the allowlist; use an allowlist reader token."));
    return token -> {
      if (token.startsWith(Tokens.MAINTAINER_PREFIX)) {
        return maintainers.authenticate(token).map(m -> new AllowlistReaderPrincipal(m.getName()));
      }
      return readers.authenticate(token);
    };
  }

  private static String subject(String name) {
    return "allowlist-reader:" + name;
  }
}
