package org.distr1.mirrors.coordinator.routing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.Validator;
import java.util.List;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;
import org.junit.jupiter.api.Test;

class RoutingFactoryTest {
  private final Validator validator = Validators.newValidator();

  @Test
  void defaultsAreValid() {
    RoutingFactory factory = new RoutingFactory();
    assertThat(validator.validate(factory)).isEmpty();
    assertThat(factory.policy(RoutingPolicy.DEFAULT.maxClockSkew()))
        .isEqualTo(RoutingPolicy.DEFAULT);
    assertThat(factory.proxies()).isEmpty();
  }

  @Test
  void invalidValuesAreRefusedAtStartUp() {
    RoutingFactory factory = new RoutingFactory();
    factory.bandKm = -1;
    factory.metalinkMirrors = 101;
    factory.alternates = 21;
    factory.syncMargin = null;
    assertThat(validator.validate(factory))
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("bandKm", "metalinkMirrors", "alternates", "syncMargin");

    factory = new RoutingFactory();
    factory.trustedProxies = List.of("proxy.example.org");
    RoutingFactory named = factory;
    assertThatThrownBy(named::proxies)
        .isInstanceOf(InvalidCidrException.class)
        .hasMessageContaining("host name");
  }

  @Test
  void onlyTheRepositoryTreeIsRouted() {
    assertThat(RoutingFactory.isRepositoryPath("/distri/jackherer/pkg/x")).isTrue();
    assertThat(RoutingFactory.isRepositoryPath("/distri")).isTrue();
    assertThat(RoutingFactory.isRepositoryPath("/api/v1/mirrors")).isFalse();
    assertThat(RoutingFactory.isRepositoryPath("/distribution")).isFalse();
  }
}
