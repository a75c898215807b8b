package org.distr1.mirrors.coordinator.admin;

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
 * {@code maintainer-token create|revoke|list [NAME] config.yml}: maintainer tokens are made on
 * the coordinator's own machine, never over the network. {@code create} prints the token once
 * (an existing maintainer gets a new one and the old stops working).
 */
public final class MaintainerTokenCommand extends ConfiguredCommand<CoordinatorConfiguration> {

  public MaintainerTokenCommand() {
    super("maintainer-token", "Create, rotate, revoke or list maintainer API tokens");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("create", "revoke", "list").help("what to do");
    subparser.addArgument("name").nargs("?").help("the maintainer (create, revoke)");
    super.configure(subparser);
  }

  @Override
  protected void run(Bootstrap<CoordinatorConfiguration> bootstrap, Namespace namespace, CoordinatorConfiguration configuration)
      throws Exception {
    Migrations.apply(configuration.getDataSourceFactory(), bootstrap.getMetricRegistry());
    ManagedDataSource dataSource = configuration.getDataSourceFactory().build(bootstrap.getMetricRegistry(), "cli");
    try {
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      Clock clock = Clock.systemUTC();
      act(new Maintainers(jdbi, new AuditLog(jdbi, bootstrap.getObjectMapper(), clock), clock), namespace);
    } finally {
      dataSource.stop();
    }
  }

  private static void act(Maintainers maintainers, Namespace namespace) {
    String action = namespace.getString("action");
    String name = namespace.getString("name");
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    switch (action) {
      case "list" -> maintainers.names().forEach(System.out::println);
      case "create" -> System.out.println(maintainers.issue(requireName(name), actor));
      case "revoke" -> {
        if (!maintainers.revoke(requireName(name), actor)) {
          throw new IllegalArgumentException("no maintainer named " + name);
        }
        System.out.println("revoked " + name);
      }
      default -> throw new IllegalStateException("unreachable: " + action);
    }
  }

  private static String requireName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("give the maintainer's name");
    }
    return name;
  }
}
