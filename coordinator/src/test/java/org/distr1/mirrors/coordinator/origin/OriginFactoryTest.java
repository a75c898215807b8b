package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Validator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OriginFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreTheRealUpstreamsAndValid() {
    OriginFactory factory = new OriginFactory();
    assertThat(validator.validate(factory)).isEmpty();
    assertThat(factory.rootPath()).isEqualTo(Path.of("/srv/repo.distr1.org/distri"));
    assertThat(factory.upstreamHost).isEqualTo("repo-rsync.distr1.org");
    assertThat(factory.rescanInterval).isEqualTo(Duration.seconds(5));
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    OriginFactory factory = new OriginFactory();
    factory.root = "";
    factory.upstreamHost = "repo.distr1.org/evil path";
    factory.rescanInterval = Duration.milliseconds(10);
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("root", "upstreamHost", "rescanInterval");
  }
}
