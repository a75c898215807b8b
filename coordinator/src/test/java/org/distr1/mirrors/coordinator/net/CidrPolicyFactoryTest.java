package org.distr1.mirrors.coordinator.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.distr1.mirrors.coordinator.allowlist.AllowlistFactory;
import org.distr1.mirrors.coordinator.registry.RegistryFactory;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network-policy keys as each section that carries them reads them: same keys, defaults and
 * start-up errors in {@code registry:} and {@code allowlist:}, and a misspelled key still refused.
 */
class CidrPolicyFactoryTest {

  private static <T extends CidrPolicyFactory> T parse(Class<T> section, String yaml)
      throws Exception {
    // Dropwizard's own factory factory: it is what turns unknown keys into errors at start-up.
    return new DefaultConfigurationFactoryFactory<T>()
        .create(section, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "section.yml");
  }

  @ParameterizedTest
  @ValueSource(classes = {RegistryFactory.class, AllowlistFactory.class})
  void defaultsArePublicOnlySlash24AndSlash48(Class<? extends CidrPolicyFactory> section)
      throws Exception {
    CidrPolicyFactory defaults = parse(section, "{}");
    assertThat(defaults.cidrPolicy()).isEqualTo(CidrPolicy.DEFAULT);
    assertThat(defaults.isAllowNonPublicAddresses()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(classes = {RegistryFactory.class, AllowlistFactory.class})
  void readsWidestPrefixesAndNonPublic(Class<? extends CidrPolicyFactory> section)
      throws Exception {
    CidrPolicyFactory parsed =
        parse(section, "allowNonPublicAddresses: true\nwidestIpv4Prefix: 16\nwidestIpv6Prefix: 32");
    assertThat(parsed.cidrPolicy()).isEqualTo(new CidrPolicy(16, 32, true, true, true));
    assertThat(parsed.isAllowNonPublicAddresses()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(classes = {RegistryFactory.class, AllowlistFactory.class})
  void refusesImpossiblePrefixesAtStartUpNamingTheKey(Class<? extends CidrPolicyFactory> section) {
    String[][] cases = {
      {"widestIpv4Prefix: 0", "* widestIpv4Prefix must be greater than or equal to 1"},
      {"widestIpv4Prefix: 33", "* widestIpv4Prefix must be less than or equal to 32"},
      {"widestIpv6Prefix: 0", "* widestIpv6Prefix must be greater than or equal to 1"},
      {"widestIpv6Prefix: 129", "* widestIpv6Prefix must be less than or equal to 128"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(section, c[0]))
          .as(c[0])
          .isInstanceOf(ConfigurationValidationException.class)
          .hasMessageContaining(c[1]);
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {RegistryFactory.class, AllowlistFactory.class})
  void refusesAMisspelledKey(Class<? extends CidrPolicyFactory> section) {
    assertThatThrownBy(() -> parse(section, "widestIpv4Prefx: 16"))
        .isInstanceOf(ConfigurationParsingException.class)
        .hasMessageContaining("Unrecognized field at: widestIpv4Prefx");
  }
}
