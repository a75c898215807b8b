package org.distr1.mirrors.shared.api;

/** Why the maintainer disables a mirror; its operator sees the reason. */
public record DisableRequest(String reason) {
  public DisableRequest {
    Fields.requireText("reason", reason, 1000);
  }
}
