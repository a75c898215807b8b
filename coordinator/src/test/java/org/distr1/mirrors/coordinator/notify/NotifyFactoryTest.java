package org.distr1.mirrors.coordinator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void offByDefaultAndValidWithoutAServer() {
    NotifyFactory factory = new NotifyFactory();
    assertThat(validator.validate(factory)).isEmpty();
    assertThat(factory.enabled).isFalse();
    assertThat(factory.smtp.port).isEqualTo(587);
    assertThat(factory.smtp.tls).isEqualTo(SmtpFactory.Tls.STARTTLS);
    assertThat(factory.digestInterval).isEqualTo(Duration.hours(24));
  }

  @Test
  void enabledNeedsAHostAndASender() {
    NotifyFactory factory = new NotifyFactory();
    factory.enabled = true;
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactly("smtpComplete");
    factory.smtp.host = "smtp.example.org";
    factory.smtp.from = "mirrors@example.org";
    assertThat(validator.validate(factory)).isEmpty();
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    NotifyFactory factory = new NotifyFactory();
    factory.interval = Duration.milliseconds(10);
    factory.digestInterval = Duration.days(8);
    factory.maintainers = List.of("not an address");
    factory.smtp.port = 0;
    factory.smtp.from = "nobody";
    factory.smtp.host = "smtp example";
    factory.smtp.password = "secret";
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder(
            "interval",
            "digestInterval",
            "maintainers[0].<list element>",
            "smtp.port",
            "smtp.from",
            "smtp.host",
            "passwordWithUser");
  }
}
