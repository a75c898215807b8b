package org.distr1.mirrors.coordinator.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

class StatsFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreValid() {
    StatsFactory factory = new StatsFactory();
    assertThat(validator.validate(factory)).isEmpty();
    assertThat(factory.enabled).isTrue();
    assertThat(factory.flushInterval).isEqualTo(Duration.minutes(1));
    assertThat(factory.hourlyWindow).isEqualTo(Duration.days(7));
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    StatsFactory factory = new StatsFactory();
    factory.flushInterval = Duration.milliseconds(10);
    factory.hourlyWindow = Duration.minutes(30);
    factory.topFiles = -1;
    factory.releases = 0;
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("flushInterval", "hourlyWindow", "topFiles", "releases");
  }

  @Test
  void daysMustOutliveHours() {
    StatsFactory factory = new StatsFactory();
    factory.hourlyWindow = Duration.days(30);
    factory.dailyRetention = Duration.days(10);
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactly("retentionOrdered");
  }
}
