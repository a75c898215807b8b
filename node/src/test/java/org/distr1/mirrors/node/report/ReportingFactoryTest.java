package org.distr1.mirrors.node.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.util.Duration;
import org.distr1.mirrors.node.NodeConfiguration;
import org.distr1.mirrors.shared.testing.ConfigYaml;
import org.junit.jupiter.api.Test;

/** Defaults and refused values of the node's {@code reporting:} section, and the root around it. */
class ReportingFactoryTest {

  private static final String SYNC = "sync:\n  mirrorRoot: /srv/distri\n";

  private final ConfigYaml<NodeConfiguration> yaml = ConfigYaml.of(NodeConfiguration.class);

  @Test
  void withoutTheSectionTheNodeReportsToNobody() throws Exception {
    NodeConfiguration config = yaml.parse(SYNC);
    assertThat(config.getReporting()).isNull();
    assertThat(config.getServe()).isNotNull();
  }

  @Test
  void defaultsAreAMinuteBetweenReportsAndTenSecondsEach() throws Exception {
    ReportingFactory reporting =
        yaml.parse(
                SYNC
                    + """
                    reporting:
                      coordinator: https://repo.distr1.org
                      tokenFile: /var/lib/distri-node/mirror-token
                    """)
            .getReporting();
    assertThat(reporting.interval).isEqualTo(Duration.seconds(60));
    assertThat(reporting.timeout).isEqualTo(Duration.seconds(10));
    assertThat(reporting.coordinator).isEqualTo("https://repo.distr1.org");
  }

  @Test
  void aCoordinatorUrlWithATrailingSlashOrPortIsAccepted() throws Exception {
    for (String url : new String[] {"https://repo.distr1.org/", "http://127.0.0.1:8080"}) {
      assertThat(
              yaml.parse(SYNC + "reporting:\n  coordinator: " + url + "\n  tokenFile: /t\n")
                  .getReporting()
                  .coordinator)
          .isEqualTo(url);
    }
  }

  @Test
  void impossibleValuesFailAtStartUpNamingTheSetting() {
    String good = "  coordinator: https://repo.distr1.org\n  tokenFile: /t\n";
    String[][] cases = {
      {"{}", "sync"},
      {SYNC + "reporting:\n  tokenFile: /t\n", "reporting.coordinator"},
      {SYNC + "reporting:\n  coordinator: https://repo.distr1.org\n", "reporting.tokenFile"},
      {SYNC + "reporting:\n  coordinator: repo.distr1.org\n  tokenFile: /t\n", "coordinator must"},
      {
        SYNC + "reporting:\n  coordinator: ftp://repo.distr1.org\n  tokenFile: /t\n",
        "coordinator must"
      },
      {
        SYNC + "reporting:\n  coordinator: https://repo.distr1.org/api\n  tokenFile: /t\n",
        "coordinator must"
      },
      {
        SYNC + "reporting:\n  coordinator: https://repo.distr1.org/?x=1\n  tokenFile: /t\n",
        "coordinator must"
      },
      {SYNC + "reporting:\n" + good + "  interval: 10ms\n", "reporting.interval"},
      {SYNC + "reporting:\n" + good + "  timeout: null\n", "reporting.timeout"},
    };
    yaml.refusesEach(cases);
    // a misspelt key is refused too, not left to its default
    assertThatThrownBy(() -> yaml.parse(SYNC + "reporting:\n" + good + "  intervall: 5m\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("intervall");
  }
}
