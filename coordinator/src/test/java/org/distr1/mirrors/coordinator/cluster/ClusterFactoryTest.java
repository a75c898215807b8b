package org.distr1.mirrors.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class ClusterFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreValidAndOnlyPostgresqlIsShared() {
    ClusterFactory factory = new ClusterFactory();
    assertThat(validator.validate(factory)).isEmpty();
    DataSourceFactory database = new DataSourceFactory();
    database.setUrl("jdbc:h2:file:./data/coordinator");
    Cluster alone =
        factory.build(
            new LifecycleEnvironment(new MetricRegistry()),
            Jdbi.create("jdbc:h2:mem:unused"),
            database,
            false);
    assertThat(alone).isInstanceOf(Alone.class);
    assertThat(alone.leads()).isTrue();
    database.setUrl("jdbc:postgresql://127.0.0.1:1/distri");
    Cluster shared =
        factory.build(
            new LifecycleEnvironment(new MetricRegistry()),
            Jdbi.create("jdbc:h2:mem:unused"),
            database,
            false);
    assertThat(shared).isInstanceOf(PostgresCluster.class);
    assertThat(shared.leads()).isFalse(); // until it holds the lock
    // a regional coordinator's replica never runs the once-per-network jobs
    Cluster replica =
        factory.build(
            new LifecycleEnvironment(new MetricRegistry()),
            Jdbi.create("jdbc:h2:mem:unused"),
            database,
            true);
    assertThat(replica).isInstanceOf(ReplicaCluster.class);
    assertThat(replica.leads()).isFalse();
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    ClusterFactory factory = new ClusterFactory();
    factory.poll = Duration.seconds(5);
    factory.reconnectDelay = Duration.milliseconds(1);
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("poll", "reconnectDelay");
  }

  @Test
  void longDetailsAreSplitAtCommasIntoNotificationsThatFit() {
    String ids = String.join(",", java.util.Collections.nCopies(3000, "123456"));
    List<String> parts = PostgresCluster.split(ids);
    assertThat(parts)
        .hasSizeGreaterThan(1)
        .allSatisfy(
            part -> {
              assertThat(part.length()).isLessThanOrEqualTo(PostgresCluster.MAX_DETAIL);
              assertThat(part).doesNotStartWith(",").doesNotEndWith(",");
            });
    assertThat(String.join(",", parts)).isEqualTo(ids);
    assertThat(PostgresCluster.split("7")).containsExactly("7");
  }
}
