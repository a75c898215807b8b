package org.distr1.mirrors.shared.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, except that a configuration file that is missing or invalid
 * is told in its message alone, as the {@code check} command does: that is the operator's mistake,
 * and a stack trace only buries the sentence that says what to fix. Any other failure keeps its
 * trace.
 */
public final class ServerCommandWithoutTraces<T extends Configuration> extends ServerCommand<T> {

  public ServerCommandWithoutTraces(Application<T> application) {
    super(application);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (isConfigurationMistake(e)) {
      cli.getStdErr().println(e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }

  static boolean isConfigurationMistake(Throwable e) {
    return e instanceof FileNotFoundException
        || e instanceof NoSuchFileException
        || e instanceof ConfigurationException;
  }
}
