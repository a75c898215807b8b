package org.distr1.mirrors.coordinator;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distr1.mirrors.coordinator.db.PostgresServer;
import org.distr1.mirrors.shared.testing.TempDirApp;

/** A coordinator on a free loopback port with its own database ({@link TestDatabase#factory}). */
public final class TestCoordinator {

  private TestCoordinator() {}

  /** A fresh directory, deleted by the {@link #extension} it is given to when that app stops. */
  public static Path newDataDir() {
    return TempDirApp.newDir("coordinator-test");
  }

  public static DropwizardAppExtension<CoordinatorConfiguration> extension(
      Path dataDir, ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.addAll(TestDatabase.overrides(dataDir));
    overrides.addAll(Arrays.asList(extra));
    return new TempDirApp<>(
        dataDir,
        CoordinatorApplication.class,
        ResourceHelpers.resourceFilePath("test-coordinator.yml"),
        overrides.toArray(ConfigOverride[]::new));
  }

  /**
   * A coordinator on a PostgreSQL database of the test's own (a server it stops, a replica) instead
   * of {@link TestDatabase}'s: overrides of one key must not be given twice (their order is lost).
   */
  public static DropwizardAppExtension<CoordinatorConfiguration> onPostgres(
      Path dataDir, String url, ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.add(ConfigOverride.config("database.driverClass", "org.postgresql.Driver"));
    overrides.add(ConfigOverride.config("database.url", url));
    overrides.add(ConfigOverride.config("database.user", PostgresServer.SUPERUSER));
    overrides.add(ConfigOverride.config("database.password", ""));
    overrides.addAll(Arrays.asList(extra));
    return new TempDirApp<>(
        dataDir,
        CoordinatorApplication.class,
        ResourceHelpers.resourceFilePath("test-coordinator.yml"),
        overrides.toArray(ConfigOverride[]::new));
  }

  /** {@code http://127.0.0.1:<port>/api} of a running extension. */
  public static String api(DropwizardAppExtension<CoordinatorConfiguration> app) {
    return "http://127.0.0.1:" + app.getLocalPort() + "/api";
  }
}
