package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.Test;

/** The rules that depend on configuration: what the quick start allows, production refuses. */
class EnrollmentRulesTest {

  final EnrollmentRules production = new EnrollmentRules(1000, CidrPolicy.DEFAULT, false);
  final EnrollmentRules trial = new EnrollmentRules(1000, CidrPolicy.DEFAULT, true);

  static String message(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(422);
      return e.code() + ": " + e.getMessage();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void loopbackAndPrivateAddressesAreRefusedUnlessAllowed() {
    assertThat(message(() -> production.cidrs("rsyncSources", List.of("127.0.0.1"))))
        .isEqualTo(
            "invalid_cidr: rsyncSources: '127.0.0.1' is in or overlaps 127.0.0.0/8, loopback space, which is not allowed here");
    assertThat(message(() -> production.cidrs("rsyncSources", List.of("10.1.2.0/24"))))
        .contains("private (RFC 1918)");
    assertThat(message(() -> production.cidrs("rsyncSources", List.of("fd00::/48"))))
        .contains("unique-local");
    assertThat(trial.cidrs("rsyncSources", List.of("127.0.0.1", "10.1.2.0/24")))
        .containsExactly("10.1.2.0/24", "127.0.0.1/32");
  }

  @Test
  void baseUrlsOnLocalHostsAreRefusedUnlessAllowed() {
    assertThat(message(() -> production.baseUrl("http://127.0.0.1:8080/")))
        .startsWith(
            "invalid_base_url: baseUrl must be reachable from the internet: '127.0.0.1' is in or overlaps 127.0.0.0/8");
    assertThat(message(() -> production.baseUrl("http://[::1]/"))).contains("loopback");
    assertThat(message(() -> production.baseUrl("https://192.168.1.10/distri")))
        .contains("private");
    assertThat(message(() -> production.baseUrl("http://localhost:8080")))
        .contains("is the local machine");
    assertThat(trial.baseUrl("http://127.0.0.1:8080/").toString())
        .isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void baseUrlsAreNormalized() {
    assertThat(production.baseUrl("HTTPS://Mirror.Example.ORG:443/pub/./distri//").toString())
        .isEqualTo("https://mirror.example.org/pub/distri");
    assertThat(production.baseUrl("http://mirror.example.org.:8080").toString())
        .isEqualTo("http://mirror.example.org:8080");
    assertThat(production.baseUrl("http://mirror.example.org/a/../b/").toString())
        .isEqualTo("http://mirror.example.org/b");
    assertThatThrownBy(() -> production.baseUrl("http://mirror.example.org/../etc"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("must not climb above the root");
  }

  @Test
  void bandwidthBelowTheRequirementIsRefused() {
    assertThat(production.bandwidth(1000)).isEqualTo(1000);
    assertThat(message(() -> production.bandwidth(999)))
        .isEqualTo(
            "bandwidth_too_low: bandwidthMbps 999 is below the published requirement of 1000 Mbit/s for distri mirrors");
    assertThat(new EnrollmentRules(0, CidrPolicy.DEFAULT, false).bandwidth(1)).isEqualTo(1);
  }

  @Test
  void networksInsideAnotherGivenOneAreDropped() {
    assertThat(
            production.cidrs(
                "netblocks",
                List.of("198.51.100.0/24", "198.51.100.7", "2001:db8:1::/48", "2001:db8:1::5")))
        .containsExactly("198.51.100.0/24", "2001:db8:1::/48");
  }
}
