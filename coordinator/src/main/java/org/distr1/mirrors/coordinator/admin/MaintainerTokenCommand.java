package org.distr1.mirrors.coordinator.admin;

import org.distr1.mirrors.coordinator.auth.NamedTokenCommand;

/** {@code maintainer-token create|revoke|list [NAME] config.yml}. */
public final class MaintainerTokenCommand extends NamedTokenCommand {

  public MaintainerTokenCommand() {
    super("maintainer-token", "Create, rotate, revoke or list maintainer API tokens",
        "the maintainer (create, revoke)", "maintainer", Maintainers::new);
  }
}
