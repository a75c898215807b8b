package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.assertj.core.api.Assertions;
import org.distr1.mirrors.coordinator.CoordinatorApplication;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.junit.jupiter.api.Test;

class DatabasesTest {

  @Test
  void defaultIsADurableH2FileUnderData() {
    String url = Databases.defaultH2File().getUrl();
    assertThat(url).startsWith("jdbc:h2:file:./data/coordinator;").contains("WRITE_DELAY=0");
    assertThat(Databases.isDurable(url)).isTrue();
  }

  @Test
  void anH2FileWithoutWriteDelayZeroIsRefused() {
    assertThat(Databases.isDurable("jdbc:h2:file:./data/x")).isFalse();
    assertThat(Databases.isDurable("jdbc:h2:file:./data/x;WRITE_DELAY=500")).isFalse();
    assertThat(Databases.isDurable("jdbc:h2:./data/x;write_delay=0")).isTrue();
    assertThat(Databases.isDurable("jdbc:h2:mem:x")).isTrue();
    assertThat(Databases.isDurable("jdbc:postgresql://db/mirrors")).isTrue();
  }

  @Test
  void theExampleConfigurationLoadsAndANonDurableUrlFailsAtStartUp() throws Exception {
    var factory =
        new YamlConfigurationFactory<>(
            CoordinatorConfiguration.class,
            Validators.newValidator(),
            Jackson.newObjectMapper(),
            "dw");
    CoordinatorConfiguration example =
        factory.build(
            new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(),
                CoordinatorApplication.configurationSubstitutor()),
            "../config/coordinator.yml");
    // the nested ${COORDINATOR_DATA:-./data} inside ${DATABASE_URL:-...} left a stray brace
    assertThat(example.getDataSourceFactory().getUrl())
        .isEqualTo(
            "jdbc:h2:file:./data/coordinator;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=10000");
    assertThat(example.getRegistry().getMinBandwidthMbps()).isEqualTo(1000);
    assertThat(example.getRegistry().getVerification().getMinDisk().toGibibytes()).isEqualTo(150);

    Assertions.assertThatThrownBy(
            () -> factory.build(new ResourceConfigurationSourceProvider(), "non-durable.yml"))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("WRITE_DELAY=0");
  }
}
