package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Path;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.db.Migrations.Outcome;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up skips Liquibase only while the database is stamped current for this changelog. */
@Tag("database")
class SchemaStampTest {

  private static final String LATER = "schema-stamp-test.xml";

  @TempDir Path dir;

  @Test
  void aStampedDatabaseSkipsLiquibaseUntilItsHistoryChanges() throws Exception {
    DataSourceFactory database = TestDatabase.factory(dir);
    MetricRegistry metrics = new MetricRegistry();
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.MIGRATED);
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.CURRENT);

    // `db clear-checksums`: Liquibase's history changed, so Liquibase runs (and refills them)
    sql(database, "UPDATE databasechangelog SET md5sum = NULL");
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.MIGRATED);
    assertThat(count(database, "SELECT COUNT(*) FROM databasechangelog WHERE md5sum IS NULL"))
        .isZero();
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.CURRENT);
  }

  @Test
  void twoBuildsSharingADatabaseEachKeepTheirOwnStamp() throws Exception {
    DataSourceFactory database = TestDatabase.factory(dir);
    MetricRegistry metrics = new MetricRegistry();
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.MIGRATED);

    // a later build's changelog is not stamped: Liquibase runs and adds its changeset
    assertThat(Migrations.apply(database, metrics, LATER)).isEqualTo(Outcome.MIGRATED);
    assertThat(count(database, "SELECT COUNT(*) FROM schema_stamp_test")).isZero();
    assertThat(Migrations.apply(database, metrics, LATER)).isEqualTo(Outcome.CURRENT);

    // the earlier build sees a history its stamp does not vouch for: Liquibase again, once
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.MIGRATED);
    assertThat(Migrations.apply(database, metrics)).isEqualTo(Outcome.CURRENT);
    assertThat(Migrations.apply(database, metrics, LATER)).isEqualTo(Outcome.CURRENT);
    assertThat(count(database, "SELECT COUNT(*) FROM schema_stamp")).isEqualTo(2);
  }

  @Test
  void theStampCoversEveryIncludedFile() {
    assertThat(SchemaStamp.of(Migrations.MASTER_CHANGELOG).changelogSha256())
        .isNotEqualTo(SchemaStamp.of(LATER).changelogSha256())
        .isEqualTo(SchemaStamp.of(Migrations.MASTER_CHANGELOG).changelogSha256())
        .hasSize(64);
  }

  private static void sql(DataSourceFactory database, String sql) throws Exception {
    ManagedDataSource dataSource = database.build(new MetricRegistry(), "test");
    try {
      Jdbi.create(dataSource).useHandle(h -> h.execute(sql));
    } finally {
      dataSource.stop();
    }
  }

  private static long count(DataSourceFactory database, String sql) throws Exception {
    ManagedDataSource dataSource = database.build(new MetricRegistry(), "test");
    try {
      return Jdbi.create(dataSource).withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    } finally {
      dataSource.stop();
    }
  }
}
