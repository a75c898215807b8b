package org.distr1.mirrors.coordinator.admin;

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

/** Maintainer accounts: created and revoked on the command line, used through the admin API. */
public final class Maintainers {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;

  public Maintainers(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  /** Creates the maintainer, or gives an existing one a new token; returns the token (once). */
  public String issueToken(String name, String actor) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "maintainer name must be lower-case letters, digits, '.', '_' or '-', starting with a letter: " + name);
    }
    String secret = Tokens.newSecret();
    String hash = Tokens.hash(secret);
    return jdbi.inTransaction(handle -> {
      MaintainerDao dao = handle.attach(MaintainerDao.class);
      Optional<MaintainerDao.Maintainer> existing = dao.findByName(name);
      long id;
      if (existing.isPresent()) {
        id = existing.get().id();
        dao.updateTokenHash(id, hash);
        audit.record(handle, actor, "maintainer.token_rotate", subject(name), Map.of("name", name), Map.of("name", name));
      } else {
        id = dao.insert(name, hash, clock.instant());
        audit.record(handle, actor, "maintainer.create", subject(name), null, Map.of("name", name));
      }
      return Tokens.token(Tokens.MAINTAINER_PREFIX, id, secret);
    });
  }

  /** Deletes the maintainer (and so its token); false if there was none. */
  public boolean revoke(String name, String actor) {
    return jdbi.inTransaction(handle -> {
      boolean deleted = handle.attach(MaintainerDao.class).delete(name) > 0;
      if (deleted) {
        audit.record(handle, actor, "maintainer.revoke", subject(name), Map.of("name", name), null);
      }
      return deleted;
    });
  }

  public List<String> names() {
    return jdbi.withExtension(MaintainerDao.class, dao -> dao.all().stream().map(MaintainerDao.Maintainer::name).toList());
  }

  public TokenAuthenticator<MaintainerPrincipal> authenticator() {
    return new TokenAuthenticator<>(
        Tokens.MAINTAINER_PREFIX,
        id -> jdbi.withExtension(MaintainerDao.class, dao -> dao.find(id))
            .map(m -> new TokenAuthenticator.Owner<>(m.tokenHash(), new MaintainerPrincipal(m.id(), m.name()))),
        Map.of(Tokens.OPERATOR_PREFIX, "A mirror token cannot use the maintainer API; use a maintainer token."));
  }

  private static String subject(String name) {
    return "maintainer:" + name;
  }
}
