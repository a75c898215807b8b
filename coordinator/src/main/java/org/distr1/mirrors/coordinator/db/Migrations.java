package org.distr1.mirrors.coordinator.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import java.time.Clock;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Brings the schema up to date before anything touches it, so the server never runs against an old
 * schema. {@code db migrate} (from the migrations bundle) does the same by hand. A database already
 * stamped as up to date with this build's changelogs ({@link SchemaStamp}) skips Liquibase.
 */
public final class Migrations {

  public static final String MASTER_CHANGELOG = "migrations.xml";

  /** What {@link #apply} did. */
  public enum Outcome {
    /** the stamp showed the schema up to date: Liquibase not run */
    CURRENT,
    /** Liquibase ran (and found something or nothing to do), then the database was stamped */
    MIGRATED
  }

  private Migrations() {}

  public static Outcome apply(DataSourceFactory database, MetricRegistry metrics) throws Exception {
    return apply(database, metrics, MASTER_CHANGELOG);
  }

  static Outcome apply(DataSourceFactory database, MetricRegistry metrics, String changelog)
      throws Exception {
    SchemaStamp stamp = SchemaStamp.of(changelog);
    // The migration pool is closed here (or with the Liquibase instance); the server builds its
    // own.
    ManagedDataSource dataSource = database.build(metrics, "migrations");
    Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    if (stamp.isCurrent(jdbi)) {
      dataSource.stop();
      return Outcome.CURRENT;
    }
    try (var liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, changelog)) {
      // no usage report to liquibase.com from a server's start (on by default since 4.30; it also
      // fetched its settings from there first, up to 1.5 s)
      Scope.child(
          Map.of(AnalyticsArgs.ENABLED.getKey(), false),
          () -> liquibase.update(new Contexts(), new LabelExpression()));
      stamp.record(jdbi, Clock.systemUTC());
    }
    return Outcome.MIGRATED;
  }
}
