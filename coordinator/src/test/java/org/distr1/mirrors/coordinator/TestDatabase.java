package org.distr1.mirrors.coordinator;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.distr1.mirrors.coordinator.db.Databases;
import org.distr1.mirrors.coordinator.db.Migrations;
import org.distr1.mirrors.coordinator.db.PostgresServer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The database tier's database, with the real migrations applied, for DAO tests (close it in
 * {@code @AfterEach}). It is a real H2 file by default, and a fresh database on one real PostgreSQL
 * server per test JVM when the build runs the tier with {@code -Ddistri.test.database=postgresql}
 * (the coordinator module's second test execution).
 */
public final class TestDatabase implements AutoCloseable {

  public static final String PROPERTY = "distri.test.database";

  private static final Map<Path, DataSourceFactory> DATABASES = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final ManagedDataSource dataSource;
  private final Jdbi jdbi;

  public TestDatabase(Path dir) throws Exception {
    DataSourceFactory factory = factory(dir);
    Migrations.apply(factory, new MetricRegistry());
    dataSource = factory.build(new MetricRegistry(), "test");
    jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() throws Exception {
    dataSource.stop();
  }

  public static boolean onPostgres() {
    return "postgresql".equals(System.getProperty(PROPERTY, "h2"));
  }

  /**
   * The database belonging to a test's data directory: the H2 file {@code dir/coordinator}, or one
   * PostgreSQL database created for it; the same directory always gives the same database.
   */
  public static DataSourceFactory factory(Path dir) {
    if (!onPostgres()) {
      return Databases.h2File(dir.resolve("coordinator").toString());
    }
    return DATABASES.computeIfAbsent(
        dir.toAbsolutePath(),
        ignored -> {
          DataSourceFactory factory = new DataSourceFactory();
          factory.setDriverClass("org.postgresql.Driver");
          factory.setUrl(SharedServer.INSTANCE.createDatabase("test_" + NAMES.incrementAndGet()));
          factory.setUser(PostgresServer.SUPERUSER);
          factory.setPassword("");
          factory.setValidationQuery("SELECT 1");
          return factory;
        });
  }

  /** {@code database.*} overrides that point a coordinator at {@link #factory(Path)}. */
  public static List<ConfigOverride> overrides(Path dir) {
    DataSourceFactory factory = factory(dir);
    return List.of(
        ConfigOverride.config("database.driverClass", factory.getDriverClass()),
        ConfigOverride.config("database.url", factory.getUrl()),
        ConfigOverride.config("database.user", factory.getUser()),
        ConfigOverride.config("database.password", ""));
  }

  /** The test JVM's one PostgreSQL server, started on first use and stopped with the JVM. */
  public static PostgresServer postgres() {
    return SharedServer.INSTANCE;
  }

  private static final class SharedServer {
    static final PostgresServer INSTANCE = start();

    private static PostgresServer start() {
      try {
        PostgresServer server = PostgresServer.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    },
                    "postgres-stop"));
        return server;
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot start the test PostgreSQL server: " + e.getMessage(), e);
      }
    }
  }
}
