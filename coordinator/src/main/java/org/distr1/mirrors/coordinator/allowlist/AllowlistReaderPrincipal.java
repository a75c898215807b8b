package org.distr1.mirrors.coordinator.allowlist;

import java.security.Principal;

/**
 * Whoever may read the allowlist exports: an rsync host's read-only token (made with {@code
 * allowlist-token create NAME}) or a maintainer token.
 *
 * @param name the audit name, e.g. {@code allowlist-reader:rsync1} or {@code maintainer:alice}
 */
public record AllowlistReaderPrincipal(String name) implements Principal {
  @Override
  public String getName() {
    return name;
  }
}
