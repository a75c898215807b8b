package org.distr1.mirrors.coordinator.admin;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import java.util.function.Function;
import org.distr1.mirrors.coordinator.auth.NamedTokenCommand;

/** {@code maintainer-token create|revoke|list [NAME] config.yml}. */
public final class MaintainerTokenCommand<C extends Configuration> extends NamedTokenCommand<C> {

  public MaintainerTokenCommand(
      Application<C> application, Function<C, DataSourceFactory> database) {
    super(
        "maintainer-token",
        "Create, rotate, revoke or list maintainer API tokens",
        "the maintainer (create, revoke)",
        "maintainer",
        Maintainers::new,
        application,
        database);
  }
}
