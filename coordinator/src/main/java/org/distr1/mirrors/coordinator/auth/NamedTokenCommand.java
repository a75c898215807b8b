package org.distr1.mirrors.coordinator.auth;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.logging.common.LoggingUtil;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.db.Migrations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code <command> create|revoke|list [NAME] config.yml} for one kind of {@link NamedTokens}: such
 * tokens are made on the coordinator's own machine, never over the network. {@code create} prints
 * the token once (an existing holder gets a new one and the old stops working). Generic over the
 * application's configuration, of which it reads only the database, so that the command's package
 * does not depend on the application's.
 */
public abstract class NamedTokenCommand<C extends Configuration> extends ConfiguredCommand<C> {

  /** Opens the kind of tokens a command manages, e.g. {@code Maintainers::new}. */
  protected interface Kind {
    NamedTokens<?> open(Jdbi jdbi, AuditLog audit, Clock clock);
  }

  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private final String nameHelp;
  private final String holder;
  private final Kind kind;
  private final Class<C> configurationClass;
  private final Function<C, DataSourceFactory> database;

  /**
   * @param holder who holds such a token, as error messages name them ("maintainer")
   * @param application whose configuration the command reads (as Dropwizard's own commands do: a
   *     generic command cannot find the class from its type parameter)
   * @param database where in that configuration the database is
   */
  protected NamedTokenCommand(
      String command,
      String description,
      String nameHelp,
      String holder,
      Kind kind,
      Application<C> application,
      Function<C, DataSourceFactory> database) {
    super(command, description);
    this.nameHelp = nameHelp;
    this.holder = holder;
    this.kind = kind;
    this.configurationClass = application.getConfigurationClass();
    this.database = database;
  }

  @Override
  protected Class<C> getConfigurationClass() {
    return configurationClass;
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("create", "revoke", "list").help("what to do");
    subparser.addArgument("name").nargs("?").help(nameHelp);
    super.configure(subparser);
  }

  @Override
  protected void run(Bootstrap<C> bootstrap, Namespace namespace, C configuration)
      throws Exception {
    // the configuration's log file may be the running coordinator's: this command answers on the
    // terminal
    LoggingUtil.getLoggerContext().reset();
    DataSourceFactory databaseFactory = database.apply(configuration);
    try {
      Migrations.apply(databaseFactory, bootstrap.getMetricRegistry());
    } catch (Exception e) {
      if (heldByAnotherProcess(e)) {
        throw new IllegalStateException(
            "the embedded database is held by the running coordinator; while it runs,"
                + " create and revoke tokens with the admin API (docs/maintainer-guide.md, \"Tokens\"), or stop it first");
      }
      throw e;
    }
    ManagedDataSource dataSource = databaseFactory.build(bootstrap.getMetricRegistry(), "cli");
    try {
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      Clock clock = Clock.systemUTC();
      NamedTokens<?> tokens =
          kind.open(jdbi, new AuditLog(jdbi, bootstrap.getObjectMapper(), clock), clock);
      act(tokens, namespace.getString("action"), namespace.getString("name"), System.out);
    } finally {
      dataSource.stop();
    }
  }

  /** A mistake or a busy database is told in one line; a stack trace would only hide it. */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr()
        .println(getName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
  }

  /** H2's "Database may be already in use" (error 90020), somewhere in the cause chain. */
  private static boolean heldByAnotherProcess(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return true;
      }
    }
    return false;
  }

  void act(NamedTokens<?> tokens, String action, String name, PrintStream out) {
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    switch (action) {
      case "list" -> tokens.names().forEach(out::println);
      case "create" -> out.println(tokens.issue(requireName(name), actor));
      case "revoke" -> {
        if (!tokens.revoke(requireName(name), actor)) {
          throw new IllegalArgumentException("no " + holder + " named " + name);
        }
        out.println("revoked " + name);
      }
      default -> throw new IllegalStateException("unreachable: " + action);
    }
  }

  private String requireName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("give the " + holder + "'s name");
    }
    return name;
  }
}
