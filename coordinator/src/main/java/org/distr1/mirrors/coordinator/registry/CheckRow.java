package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import org.distr1.mirrors.shared.api.CheckResult;

/** One row of {@code mirror_checks}. */
public record CheckRow(
    long mirrorId, String checkName, boolean passed, String reason, Instant checkedAt) {

  CheckResult toResult() {
    return new CheckResult(checkName, passed, reason, checkedAt);
  }
}
