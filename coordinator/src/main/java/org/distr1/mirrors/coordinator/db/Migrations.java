package org.distr1.mirrors.coordinator.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import liquibase.Contexts;
import liquibase.LabelExpression;

/**
 * Brings the schema up to date before anything touches it, so the server never runs against an old
 * schema. {@code db migrate} (from the migrations bundle) does the same by hand.
 */
public final class Migrations {

  public static final String MASTER_CHANGELOG = "migrations.xml";

  private Migrations() {}

  public static void apply(DataSourceFactory database, MetricRegistry metrics) throws Exception {
    // The migration pool is closed with the Liquibase instance; the server builds its own.
    ManagedDataSource dataSource = database.build(metrics, "migrations");
    try (var liquibase =
        new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, MASTER_CHANGELOG)) {
      liquibase.update(new Contexts(), new LabelExpression());
    }
  }
}
