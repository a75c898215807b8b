package org.distr1.mirrors.coordinator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.audit.AuditEntry;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintainer tokens on the real test database (H2 file, then PostgreSQL) with the real migrations.
 */
@Tag("database")
class MaintainersTest {

  @TempDir Path dir;
  TestDatabase db;
  Maintainers maintainers;
  AuditLog audit;

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
    audit = new AuditLog(db.jdbi(), Jackson.newObjectMapper(), Clock.systemUTC());
    maintainers = new Maintainers(db.jdbi(), audit, Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void anIssuedTokenAuthenticatesItsMaintainerAndIsStoredOnlyHashed() throws Exception {
    String token = maintainers.issue("alice", "cli:test");
    assertThat(token).startsWith(Tokens.MAINTAINER_PREFIX);
    assertThat(maintainers.authenticator().authenticate(token))
        .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("alice"));
    String secret = token.substring(token.indexOf('.') + 1);
    long rowsHoldingSecret =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM maintainers WHERE token_hash = :s")
                        .bind("s", secret)
                        .mapTo(Long.class)
                        .one());
    assertThat(rowsHoldingSecret).isZero();
  }

  @Test
  void reissuingReplacesTheOldTokenAndRevokingEndsIt() throws Exception {
    String first = maintainers.issue("alice", "cli:test");
    String second = maintainers.issue("alice", "cli:test");
    assertThat(maintainers.authenticator().authenticate(first)).isEmpty();
    assertThat(maintainers.authenticator().authenticate(second))
        .map(MaintainerPrincipal::name)
        .contains("alice");
    assertThat(maintainers.revoke("alice", "cli:test")).isTrue();
    assertThat(maintainers.authenticator().authenticate(second)).isEmpty();
    assertThat(maintainers.revoke("alice", "cli:test")).isFalse();
    assertThat(audit.page("maintainer:alice", Long.MAX_VALUE, 10))
        .extracting(AuditEntry::action)
        .containsExactly("maintainer.revoke", "maintainer.token_rotate", "maintainer.create");
  }

  @Test
  void wrongSecretsAndOtherAudiencesAreRefused() throws Exception {
    String token = maintainers.issue("bob", "cli:test");
    assertThat(maintainers.authenticator().authenticate(token + "x")).isEmpty();
    assertThat(maintainers.authenticator().authenticate("dmm_999.abc")).isEmpty();
    assertThat(maintainers.authenticator().authenticate("garbage")).isEmpty();
    assertThatThrownBy(() -> maintainers.authenticator().authenticate("dmo_1.abc"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(403);
  }

  @Test
  void namesAreChecked() {
    assertThatThrownBy(() -> maintainers.issue("Alice Smith", "cli:test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case");
  }
}
