package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restart finds the previous run's fragment file: the first upkeep round, beside start-up rather
 * than before it, still rewrites it at once (the next round is an hour away here).
 */
class AllowlistPreviousFragmentTest {

  @RegisterExtension static final AllowlistApp APP = new AllowlistApp("1h");

  static {
    try {
      Files.writeString(APP.fragment, "# the previous run's fragment\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void thePreviousRunsFragmentIsRewrittenRightAfterStart() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !Files.readString(APP.fragment).contains("previous run"));
    assertThat(
            APP.app
                .getEnvironment()
                .healthChecks()
                .runHealthCheck("allowlist-fragment")
                .isHealthy())
        .isTrue();
  }
}
