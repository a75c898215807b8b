package org.distr1.mirrors.shared.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import java.util.concurrent.atomic.AtomicReference;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;

/**
 * {@code start-once}: the {@code server} command that stops again as soon as the server has started
 * (every managed object started, the connectors open) and exits. It is the training run of the
 * systemd unit's class-data sharing archive ({@code -XX:ArchiveClassesAtExit}): the JVM writes the
 * classes start-up loaded when it exits. It is a start like any restart, on the same configuration
 * and database.
 */
public final class StartOnceCommand<T extends Configuration> extends ServerCommand<T> {

  private final AtomicReference<Server> server = new AtomicReference<>();

  public StartOnceCommand(Application<T> application) {
    super(
        application,
        "start-once",
        "Starts the server as `server` does, then stops it and exits (a class-data archive's"
            + " training run)");
  }

  @Override
  protected void run(Environment environment, Namespace namespace, T configuration)
      throws Exception {
    environment.lifecycle().addServerLifecycleListener(server::set);
    super.run(environment, namespace, configuration); // returns once the server has started
    Server started = server.get();
    if (started != null) {
      started.stop();
    }
    // the lifecycle's executors are stopped with the server; exit now, as `server` would on
    // SIGTERM, rather than wait for a straggling non-daemon thread
    System.exit(0);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (ServerCommandWithoutTraces.isConfigurationMistake(e)) {
      cli.getStdErr().println(e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }
}
