package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import org.distr1.mirrors.shared.api.DiskRequirement;
import org.distr1.mirrors.shared.testing.ConfigYaml;
import org.junit.jupiter.api.Test;

/** Defaults and refused values of {@code registry:} and its {@code verification:} section. */
class RegistryFactoryTest {

  private final ConfigYaml<RegistryFactory> yaml = ConfigYaml.of(RegistryFactory.class);

  @Test
  void defaultsAreThePublishedRequirements() throws Exception {
    RegistryFactory registry = yaml.parse("{}");
    assertThat(registry.getMinBandwidthMbps()).isEqualTo(1000);
    assertThat(registry.getEnrollmentBurst()).isEqualTo(5);
    assertThat(registry.getEnrollmentInterval()).isEqualTo(Duration.minutes(10));
    VerificationFactory verification = registry.getVerification();
    assertThat(verification.isEnabled()).isTrue();
    assertThat(verification.getInterval()).isEqualTo(Duration.hours(1));
    assertThat(verification.getTimeout()).isEqualTo(Duration.seconds(30));
    assertThat(verification.getConcurrency()).isEqualTo(8);
    assertThat(verification.getMaxSyncAge()).isEqualTo(Duration.hours(25));
    assertThat(verification.getProbeFile()).isEqualTo("supersilverhaze/pkg/meta.binaryproto");
    assertThat(verification.getMinDisk())
        .isEqualTo(DataSize.bytes(DiskRequirement.PUBLISHED_BYTES));
  }

  @Test
  void aConfiguredSectionIsRead() throws Exception {
    RegistryFactory registry =
        yaml.parse(
            """
            minBandwidthMbps: 100
            verification:
              interval: 10s
              concurrency: 2
              probeFile: jackherer/pkg/meta.binaryproto
            """);
    assertThat(registry.getMinBandwidthMbps()).isEqualTo(100);
    assertThat(registry.getVerification().getInterval()).isEqualTo(Duration.seconds(10));
    assertThat(registry.getVerification().getConcurrency()).isEqualTo(2);
    assertThat(registry.getVerification().getProbeFile())
        .isEqualTo("jackherer/pkg/meta.binaryproto");
  }

  @Test
  void impossibleValuesFailAtStartUpNamingTheSetting() {
    String[][] cases = {
      {"minBandwidthMbps: -1", "minBandwidthMbps"},
      {"enrollmentBurst: 0", "enrollmentBurst"},
      {"enrollmentInterval: 0ms", "enrollmentInterval"},
      {"verification:\n  interval: 10ms", "verification.interval"},
      {"verification:\n  concurrency: 0", "verification.concurrency"},
      {"verification:\n  concurrency: 1000", "verification.concurrency"},
      {"verification:\n  maxSyncAge: 30s", "verification.maxSyncAge"},
      {"verification:\n  timeout: null", "verification.timeout"},
      {"verification:\n  probeFile: distri/supersilverhaze/pkg/meta.binaryproto", "probeFile"},
      {"verification:\n  probeFile: ../../etc/passwd", "verification.probeFile"},
      {"verification:\n  probeFile: supersilverhaze/./pkg/meta.binaryproto", "probeFile"},
    };
    yaml.refusesEach(cases);
  }
}
