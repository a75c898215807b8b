package org.distr1.mirrors.shared.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a configuration section (or a whole configuration) from YAML text as the {@code server}
 * command does: Bean Validation, unknown keys refused, errors as {@link ConfigurationException}
 * naming the setting (which the server prints without a stack trace).
 */
public final class ConfigYaml<T> {
  private final ConfigurationFactory<T> factory;

  private ConfigYaml(Class<T> type) {
    this.factory =
        new DefaultConfigurationFactoryFactory<T>()
            .create(type, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
  }

  public static <T> ConfigYaml<T> of(Class<T> type) {
    return new ConfigYaml<>(type);
  }

  /**
   * Each case is {yaml, a text the error must contain (the setting's name)}: every one is refused
   * as a configuration mistake, told in a message.
   */
  public void refusesEach(String[][] cases) {
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0]))
          .as(c[0])
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(c[1]);
    }
  }

  public T parse(String yaml) throws IOException, ConfigurationException {
    return factory.build(
        path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
  }
}
