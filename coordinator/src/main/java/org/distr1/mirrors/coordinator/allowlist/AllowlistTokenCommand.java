package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.db.Migrations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code allowlist-token create|revoke|list [NAME] config.yml}: read-only tokens for
 * {@code allowlist-apply} on rsync hosts, made on the coordinator's machine. {@code create}
 * prints the token once (an existing reader gets a new one; the old stops working).
 */
public final class AllowlistTokenCommand extends ConfiguredCommand<CoordinatorConfiguration> {

  public AllowlistTokenCommand() {
    super("allowlist-token", "Create, rotate, revoke or list read-only allowlist export tokens");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("create", "revoke", "list").help("what to do");
    subparser.addArgument("name").nargs("?").help("the reader, e.g. the rsync host's name");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<CoordinatorConfiguration> bootstrap,
      Namespace namespace,
      CoordinatorConfiguration configuration)
      throws Exception {
    Migrations.apply(configuration.getDataSourceFactory(), bootstrap.getMetricRegistry());
    ManagedDataSource dataSource =
        configuration.getDataSourceFactory().build(bootstrap.getMetricRegistry(), "cli");
    try {
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      Clock clock = Clock.systemUTC();
      var tokens = new AllowlistTokens(jdbi, new AuditLog(jdbi, bootstrap.getObjectMapper(), clock), clock);
      act(tokens, namespace.getString("action"), namespace.getString("name"));
    } finally {
      dataSource.stop();
    }
  }

  private static void act(AllowlistTokens tokens, String action, String name) {
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    switch (action) {
      case "list" -> tokens.names().forEach(System.out::println);
      case "create" -> System.out.println(tokens.issue(requireName(name), actor));
      case "revoke" -> {
        if (!tokens.revoke(requireName(name), actor)) {
          throw new IllegalArgumentException("no allowlist reader named " + name);
        }
        System.out.println("revoked " + name);
      }
      default -> throw new IllegalStateException("unreachable: " + action);
    }
  }

  private static String requireName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("give the reader's name");
    }
    return name;
  }
}
