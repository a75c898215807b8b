package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import java.time.Duration;
import org.distr1.mirrors.shared.testing.ConfigYaml;
import org.junit.jupiter.api.Test;

/**
 * Defaults and refused values of the coordinator's root configuration: the settings no subsystem
 * owns, and the rules across sections (each section's own values: its factory's test).
 */
class CoordinatorConfigurationTest {

  private static final String REGIONAL = "regional:\n  primaryUrl: https://eu.repo.distr1.org/\n";
  private static final String POSTGRES =
      "database:\n  driverClass: org.postgresql.Driver\n  url: jdbc:postgresql://db/distri\n";

  private final ConfigYaml<CoordinatorConfiguration> yaml =
      ConfigYaml.of(CoordinatorConfiguration.class);

  @Test
  void anEmptyFileIsAPrimaryCoordinatorOnADurableH2File() throws Exception {
    CoordinatorConfiguration config = yaml.parse("{}");
    assertThat(config.maxClockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.getRegional()).isNull();
    assertThat(config.getDataSourceFactory().getUrl())
        .startsWith("jdbc:h2:file:")
        .contains("WRITE_DELAY=0");
    assertThat(config.getStats().enabled).isTrue();
    assertThat(config.getRegistry()).isNotNull();
    assertThat(config.getAllowlist()).isNotNull();
    assertThat(config.getOrigin()).isNotNull();
    assertThat(config.getGeoip()).isNotNull();
    assertThat(config.getProber()).isNotNull();
    assertThat(config.getRouting()).isNotNull();
    assertThat(config.getCluster()).isNotNull();
    assertThat(config.getHttpClient()).isNotNull();
  }

  @Test
  void aRegionalCoordinatorOnAReplicaWithoutStatisticsIsAccepted() throws Exception {
    CoordinatorConfiguration config =
        yaml.parse(REGIONAL + POSTGRES + "stats:\n  enabled: false\nmaxClockSkew: 2s\n");
    assertThat(config.getRegional().primaryUrl.getHost()).isEqualTo("eu.repo.distr1.org");
    assertThat(config.maxClockSkew()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void impossibleValuesFailAtStartUpNamingTheSetting() {
    String[][] cases = {
      {"maxClockSkew: null", "maxClockSkew"},
      {"maxClockSkew: soon", "maxClockSkew"},
      {REGIONAL + "stats:\n  enabled: false\n", "runs on a PostgreSQL streaming replica"},
      {REGIONAL + POSTGRES, "set stats.enabled: false"},
      {"regional:\n  maxStaleness: 30s\n" + POSTGRES + "stats:\n  enabled: false\n", "primaryUrl"},
      {"maxClockSkw: 30s", "maxClockSkw"},
    };
    yaml.refusesEach(cases);
    // the cross-section rules are validation failures, which the server prints without a trace
    assertThatThrownBy(() -> yaml.parse(REGIONAL + POSTGRES))
        .isInstanceOf(ConfigurationValidationException.class);
  }
}
