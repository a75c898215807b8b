package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

class GeoIpFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreValid() {
    GeoIpFactory factory = new GeoIpFactory();
    assertThat(validator.validate(factory)).isEmpty();
    assertThat(factory.cityDatabase).isEqualTo("/var/lib/GeoIP/GeoLite2-City.mmdb");
    assertThat(factory.asnDatabase).as("optional").isNull();
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    GeoIpFactory factory = new GeoIpFactory();
    factory.cityDatabase = "";
    factory.reloadInterval = Duration.milliseconds(500);
    factory.hostLookupTimeout = Duration.milliseconds(1);
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("cityDatabase", "reloadInterval", "hostLookupTimeout");
  }
}
