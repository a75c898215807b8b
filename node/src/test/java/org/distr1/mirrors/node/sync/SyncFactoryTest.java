package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import org.distr1.mirrors.node.NodeConfiguration;
import org.distr1.mirrors.shared.testing.ConfigYaml;
import org.junit.jupiter.api.Test;

class SyncFactoryTest {

  private final ConfigYaml<NodeConfiguration> yaml = ConfigYaml.of(NodeConfiguration.class);

  @Test
  void minimalConfigGetsSaneDefaults() throws Exception {
    SyncFactory sync =
        yaml.parse(
                """
        sync:
          mirrorRoot: /srv/distri
        """)
            .getSync();
    assertThat(sync.upstream).isEqualTo("rsync://repo-rsync.distr1.org/distri");
    assertThat(UpstreamUrl.parse(sync.upstream).host()).isEqualTo("repo-rsync.distr1.org");
    assertThat(sync.interval).isEqualTo(Duration.hours(1));
    assertThat(sync.ioTimeout).isEqualTo(Duration.minutes(10));
    assertThat(sync.gracePeriod).isEqualTo(Duration.minutes(15));
    assertThat(sync.generateSiblings).isFalse();
    assertThat(sync.minDiskSpace.toGibibytes()).isEqualTo(150);
  }

  @Test
  void theExampleConfigIsValid() throws Exception {
    var example =
        new YamlConfigurationFactory<>(
            NodeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    var config =
        example.build(
            new io.dropwizard.configuration.SubstitutingSourceProvider(
                path -> java.nio.file.Files.newInputStream(java.nio.file.Path.of(path)),
                new io.dropwizard.configuration.EnvironmentVariableSubstitutor(false)),
            "../config/node.yml");
    assertThat(config.getSync().upstream).isEqualTo("rsync://repo-rsync.distr1.org/distri");
  }

  @Test
  void intervalAboveADayIsRejectedAtStartUp() {
    assertThatThrownBy(
            () ->
                yaml.parse(
                    """
        sync:
          upstream: rsync://repo-rsync.distr1.org/distri
          mirrorRoot: /srv/distri
          interval: 25 hours
        """))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("sync.interval");
  }

  @Test
  void badUpstreamUrlIsRejectedAtStartUp() {
    assertThatThrownBy(
            () ->
                yaml.parse(
                    """
        sync:
          upstream: https://repo.distr1.org/distri/
          mirrorRoot: /srv/distri
        """))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("upstream must be rsync://host[:port]/module/");
  }

  @Test
  void emptyUpstreamAndShellInjectionInOptionsAreRejected() {
    assertThatThrownBy(
            () ->
                yaml.parse(
                    """
        sync:
          upstream: ""
          mirrorRoot: /srv/distri
          extraRsyncOptions: ["-e ssh"]
        """))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("sync.upstream")
        .hasMessageContaining("must be a long rsync option");
  }

  @Test
  void aConfigForTheOldLayoutSaysWhatChanged() {
    assertThatThrownBy(
            () ->
                yaml.parse(
                    """
        sync:
          upstream: rsync://repo.distr1.org/distri/
          mirrorRoot: /srv/distri
        """))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("rsync://repo-rsync.distr1.org/distri")
        .hasMessageContaining("no distri/ folder inside")
        .hasMessageContaining("/distri/");
  }
}
