package org.distr1.mirrors.coordinator.allowlist;

import org.distr1.mirrors.coordinator.auth.NamedTokenCommand;

/**
 * {@code allowlist-token create|revoke|list [NAME] config.yml}: read-only tokens for
 * {@code allowlist-apply} on rsync hosts.
 */
public final class AllowlistTokenCommand extends NamedTokenCommand {

  public AllowlistTokenCommand() {
    super("allowlist-token", "Create, rotate, revoke or list read-only allowlist export tokens",
        "the reader, e.g. the rsync host's name", "allowlist reader", AllowlistTokens::new);
  }
}
