package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults and refused values of the {@code allowlist:} configuration. */
class AllowlistFactoryTest {

  private final YamlConfigurationFactory<AllowlistFactory> factory =
      new YamlConfigurationFactory<>(
          AllowlistFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

  private AllowlistFactory parse(String yaml) throws Exception {
    return factory.build(new StringSource(yaml), "allowlist.yml");
  }

  /** Serves one YAML string under any path. */
  private record StringSource(String yaml) implements ConfigurationSourceProvider {
    @Override
    public InputStream open(String path) {
      return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void defaultsArePublicOnlySlash24AndSlash48WithoutAFile() throws Exception {
    AllowlistFactory defaults = parse("{}");
    assertThat(defaults.cidrPolicy()).isEqualTo(CidrPolicy.DEFAULT);
    assertThat(defaults.fragmentPath()).isEmpty();
    assertThat(defaults.getMaintenanceInterval().toSeconds()).isEqualTo(10);
  }

  @Test
  void blankFragmentFileMeansNone() throws Exception {
    assertThat(parse("fragmentFile: ''").fragmentPath()).isEmpty();
  }

  @Test
  void acceptsAFileInAnExistingDirectoryAndNonPublicForTests(@TempDir Path dir) throws Exception {
    AllowlistFactory parsed =
        parse(
            "fragmentFile: "
                + dir.resolve("allow.inc")
                + "\nallowNonPublicAddresses: true\nwidestIpv4Prefix: 16\nwidestIpv6Prefix: 32");
    assertThat(parsed.fragmentPath()).contains(dir.resolve("allow.inc"));
    assertThat(parsed.cidrPolicy()).isEqualTo(new CidrPolicy(16, 32, true, true, true));
  }

  @Test
  void refusesImpossibleSettingsAtStartUp(@TempDir Path dir) {
    for (String yaml :
        new String[] {
          "widestIpv4Prefix: 0",
          "widestIpv4Prefix: 33",
          "widestIpv6Prefix: 129",
          "maintenanceInterval: 1ms",
          "fragmentFile: " + dir.resolve("missing/allow.inc"),
        }) {
      assertThatThrownBy(() -> parse(yaml))
          .as(yaml)
          .isInstanceOf(ConfigurationValidationException.class);
    }
  }
}
