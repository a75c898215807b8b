package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import java.util.function.Function;
import org.distr1.mirrors.coordinator.auth.NamedTokenCommand;

/**
 * {@code allowlist-token create|revoke|list [NAME] config.yml}: read-only tokens for {@code
 * allowlist-apply} on rsync hosts.
 */
public final class AllowlistTokenCommand<C extends Configuration> extends NamedTokenCommand<C> {

  public AllowlistTokenCommand(
      Application<C> application, Function<C, DataSourceFactory> database) {
    super(
        "allowlist-token",
        "Create, rotate, revoke or list read-only allowlist export tokens",
        "the reader, e.g. the rsync host's name",
        "allowlist reader",
        AllowlistTokens::new,
        application,
        database);
  }
}
