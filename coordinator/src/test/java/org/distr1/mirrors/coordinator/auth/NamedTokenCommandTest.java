package org.distr1.mirrors.coordinator.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import org.distr1.mirrors.coordinator.CoordinatorApplication;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.admin.MaintainerTokenCommand;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.allowlist.AllowlistTokenCommand;
import org.distr1.mirrors.coordinator.allowlist.AllowlistTokens;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token commands' actions on the real test database (H2, then PostgreSQL): what they print and
 * what they refuse.
 */
@Tag("database")
class NamedTokenCommandTest {
  private static final CoordinatorApplication APPLICATION = new CoordinatorApplication();
  private static final Function<CoordinatorConfiguration, DataSourceFactory> DATABASE =
      CoordinatorConfiguration::getDataSourceFactory;

  @TempDir Path dir;
  private TestDatabase db;
  private AuditLog audit;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
    audit = new AuditLog(db.jdbi(), Jackson.newObjectMapper(), Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private String act(
      NamedTokenCommand<?> command, NamedTokens<?> tokens, String action, String name) {
    out.reset();
    command.act(tokens, action, name, new PrintStream(out, true, UTF_8));
    return out.toString(UTF_8);
  }

  @Test
  void readsTheApplicationsConfiguration() {
    // a generic command's type parameter is erased: without being told, Dropwizard would parse
    // config.yml as a bare Configuration and refuse the coordinator's sections
    assertThat(new MaintainerTokenCommand<>(APPLICATION, DATABASE).getConfigurationClass())
        .isEqualTo(CoordinatorConfiguration.class);
    assertThat(new AllowlistTokenCommand<>(APPLICATION, DATABASE).getConfigurationClass())
        .isEqualTo(CoordinatorConfiguration.class);
  }

  @Test
  void createPrintsAWorkingTokenListNamesItRevokeEndsIt() throws Exception {
    var command = new MaintainerTokenCommand<>(APPLICATION, DATABASE);
    var maintainers = new Maintainers(db.jdbi(), audit, Clock.systemUTC());
    String token = act(command, maintainers, "create", "alice").strip();
    assertThat(token).startsWith(Tokens.MAINTAINER_PREFIX);
    assertThat(maintainers.authenticator().authenticate(token)).isPresent();
    assertThat(act(command, maintainers, "list", null)).isEqualTo("alice\n");

    assertThat(act(command, maintainers, "revoke", "alice")).isEqualTo("revoked alice\n");
    assertThat(maintainers.authenticator().authenticate(token)).isEmpty();
    assertThat(act(command, maintainers, "list", null)).isEmpty();
  }

  @Test
  void eachCommandManagesItsOwnKindAndNamesItWhenRefusing() {
    var readers = new AllowlistTokens(db.jdbi(), audit, Clock.systemUTC());
    var maintainers = new Maintainers(db.jdbi(), audit, Clock.systemUTC());
    var readerCommand = new AllowlistTokenCommand<>(APPLICATION, DATABASE);
    assertThat(act(readerCommand, readers, "create", "rsync1")).startsWith("dma_");
    assertThat(act(readerCommand, readers, "list", null)).isEqualTo("rsync1\n");
    assertThat(maintainers.names()).isEmpty();

    assertThatThrownBy(() -> act(readerCommand, readers, "revoke", "rsync9"))
        .hasMessage("no allowlist reader named rsync9");
    assertThatThrownBy(() -> act(readerCommand, readers, "create", null))
        .hasMessage("give the allowlist reader's name");
    assertThatThrownBy(
            () ->
                act(
                    new MaintainerTokenCommand<>(APPLICATION, DATABASE),
                    maintainers,
                    "revoke",
                    "bob"))
        .hasMessage("no maintainer named bob");
    assertThatThrownBy(
            () ->
                act(
                    new MaintainerTokenCommand<>(APPLICATION, DATABASE),
                    maintainers,
                    "create",
                    null))
        .hasMessage("give the maintainer's name");
    assertThat(readers.names()).containsExactly("rsync1");
  }
}
