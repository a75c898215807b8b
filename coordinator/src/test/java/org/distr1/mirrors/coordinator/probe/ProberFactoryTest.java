package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.junit.jupiter.api.Test;

class ProberFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreValid() {
    ProberFactory factory = new ProberFactory();
    assertThat(validator.validate(factory)).isEmpty();
    ProbeSettings settings = factory.settings(java.time.Duration.ofSeconds(30));
    assertThat(settings.interval()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(settings.roundTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(settings.concurrency()).isEqualTo(32);
    assertThat(settings.maxClockSkew()).isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    ProberFactory factory = new ProberFactory();
    factory.interval = Duration.milliseconds(10);
    factory.concurrency = 0;
    factory.failuresToDown = 0;
    factory.blameFraction = 0.05;
    factory.minimumRoundForBlame = 0;
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder(
            "interval", "concurrency", "failuresToDown", "blameFraction", "minimumRoundForBlame");
  }

  @Test
  void anUpstreamHostThatIsNoHostIsRefused() {
    assertThatThrownBy(
            () -> new ProberFactory().probe(new HttpClientFactory().build(false), "../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
