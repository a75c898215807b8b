package org.distr1.mirrors.node.sync;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Duration;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.Namespace;
import org.distr1.mirrors.shared.text.Human;

/**
 * {@code sync CONFIG}: one sync pass and exit, for operators who drive syncs from cron or a systemd
 * timer. Exits 0 only when the new snapshot was published and the freshness file written; otherwise
 * prints why and exits non-zero.
 */
public final class SyncCommand<T extends Configuration> extends ConfiguredCommand<T> {

  private final Application<T> application;
  private final Function<T, SyncFactory> factory;

  public SyncCommand(Application<T> application, Function<T, SyncFactory> factory) {
    super("sync", "Runs one sync from upstream and exits (0 on success)");
    this.application = application;
    this.factory = factory;
  }

  @Override
  protected Class<T> getConfigurationClass() {
    return application.getConfigurationClass();
  }

  @Override
  protected void run(Bootstrap<T> bootstrap, Namespace namespace, T configuration)
      throws Exception {
    // no server environment: a cron job should not pay for Jetty and Jersey start-up
    SyncResult result = factory.apply(configuration).build(bootstrap.getMetricRegistry()).runOnce();
    if (!result.succeeded()) {
      throw new SyncFailedException(result.message());
    }
    // below a second in milliseconds: a no-op sync takes a fraction of one
    Duration took = result.duration();
    String time = took.toMillis() < 1000 ? took.toMillis() + " ms" : Human.duration(took);
    String what =
        result.message().startsWith(SyncPass.UNCHANGED)
            ? "upstream unchanged: snapshot " + result.snapshotId() + " stays published, checked"
            : "published snapshot " + result.snapshotId();
    System.out.println(
        what
            + " in "
            + time
            + " ("
            + Human.bytes(result.bytesReceived())
            + " received, "
            + Human.rate(result.bytesReceived(), took)
            + ")");
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (e instanceof SyncFailedException) {
      cli.getStdErr().println("sync failed: " + e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }

  /** A sync that ran and failed: its message is the whole story, no stack trace needed. */
  static final class SyncFailedException extends Exception {
    SyncFailedException(String message) {
      super(message);
    }
  }
}
