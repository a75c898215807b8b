package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.net.URI;
import org.distr1.mirrors.shared.testing.ConfigYaml;
import org.junit.jupiter.api.Test;

/** Defaults and refused values of a regional coordinator's {@code regional:} section. */
class RegionalFactoryTest {

  private final ConfigYaml<RegionalFactory> yaml = ConfigYaml.of(RegionalFactory.class);

  @Test
  void theDefaultStalenessIsFifteenSeconds() throws Exception {
    RegionalFactory regional = yaml.parse("primaryUrl: https://eu.repo.distr1.org/");
    assertThat(regional.primaryUrl).isEqualTo(URI.create("https://eu.repo.distr1.org/"));
    assertThat(regional.maxStaleness).isEqualTo(Duration.seconds(15));
  }

  @Test
  void impossibleValuesFailAtStartUpNamingTheSetting() {
    String[][] cases = {
      {"{}", "primaryUrl"},
      {"primaryUrl: eu.repo.distr1.org/", "primaryUrl must be"},
      {"primaryUrl: https://eu.repo.distr1.org", "primaryUrl must be"},
      {"primaryUrl: ftp://eu.repo.distr1.org/", "primaryUrl must be"},
      {"primaryUrl: https://eu.repo.distr1.org/?from=regional", "primaryUrl must be"},
      {"primaryUrl: https://eu.repo.distr1.org/\nmaxStaleness: 100ms", "maxStaleness"},
      {"primaryUrl: https://eu.repo.distr1.org/\nmaxStaleness: null", "maxStaleness"},
    };
    yaml.refusesEach(cases);
  }
}
