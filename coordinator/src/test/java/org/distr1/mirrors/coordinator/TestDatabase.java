package org.distr1.mirrors.coordinator;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Path;
import org.distr1.mirrors.coordinator.db.Databases;
import org.distr1.mirrors.coordinator.db.Migrations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A real H2 file with the real migrations applied, for DAO tests. Close it in {@code @AfterEach}. */
public final class TestDatabase implements AutoCloseable {

  private final ManagedDataSource dataSource;
  private final Jdbi jdbi;

  public TestDatabase(Path dir) throws Exception {
    DataSourceFactory factory = Databases.h2File(dir.resolve("coordinator").toString());
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
}
