package org.distr1.mirrors.shared.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.distr1.mirrors.shared.net.InvalidCidrException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The IANA special-purpose registries, both families, and the IPv6 forms that embed IPv4. */
class SpecialRangesTest {

  private static final CidrPolicy HOSTS = new CidrPolicy(1, 1, false, false, false);

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource({
    "198.18.0.1,            RESERVED,  benchmarking",
    "198.19.255.0/24,       RESERVED,  benchmarking",
    "192.0.0.8,             RESERVED,  IETF protocol assignments",
    "192.88.99.1,           RESERVED,  6to4 relay",
    "2002:7f00::/24,        LOOPBACK,  6to4 form of loopback",
    "2002:7f00:1::,         LOOPBACK,  6to4 form of loopback",
    "2002:a00::/24,         PRIVATE,   6to4 form of private",
    "2002:c0a8:101::/48,    PRIVATE,   6to4 form of private",
    "2002:a9fe::/32,        LINK_LOCAL, 6to4 form of link-local",
    "2002:c612::/48,        RESERVED,  6to4 form of benchmarking",
    "64:ff9b::7f00:1,       LOOPBACK,  NAT64 form of loopback",
    "64:ff9b::a00:1,        PRIVATE,   NAT64 form of private",
    "64:ff9b::ac10:1,       PRIVATE,   NAT64 form of private",
    "64:ff9b:1::1,          PRIVATE,   local-use NAT64",
    "::7f00:1,              NOT_UNICAST, IPv4-compatible",
    "2001::1,               RESERVED,  Teredo",
    "2001:2::1,             RESERVED,  benchmarking",
    "100::1,                RESERVED,  discard-only",
    "fec0::1,               PRIVATE,   site-local",
    "5f00::1,               RESERVED,  SRv6",
  })
  void refusedByDefault(String input, Reason reason, String label) {
    assertThatThrownBy(() -> Cidr.parse(input, HOSTS))
        .isInstanceOfSatisfying(
            InvalidCidrException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(label);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "198.17.255.255",
        "198.20.0.0",
        "192.0.1.255",
        "192.0.2.7",
        "2002:808:808::/48",
        "64:ff9b::808:808",
        "2a01:4f8::1",
        "2001:db8::1",
        "2620:fe::fe",
        "192.31.196.1"
      })
  void publicSpaceAccepted(String input) {
    assertThat(Cidr.parse(input, HOSTS)).isNotNull();
  }

  @Test
  void wideBlockOverlappingAnEmbeddedRangeIsRefused() {
    assertThatThrownBy(() -> Cidr.parse("2002::/16", HOSTS))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isNotEqualTo(Reason.TOO_WIDE));
  }

  @Test
  void loosePolicyAdmitsEmbeddedLoopbackButNeverReservedSpace() {
    CidrPolicy loose = HOSTS.allowingNonPublic();
    assertThat(Cidr.parse("2002:7f00::/24", loose)).hasToString("2002:7f00::/24");
    assertThatThrownBy(() -> Cidr.parse("198.18.0.0/15", loose))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RESERVED));
  }

  @Test
  void refusalOfResolvedAddresses() throws Exception {
    assertThat(HOSTS.refusal(InetAddress.getByName("127.0.0.1")))
        .hasValueSatisfying(reason -> assertThat(reason).isEqualTo("loopback space (127.0.0.0/8)"));
    assertThat(HOSTS.refusal(InetAddress.getByName("::ffff:10.1.2.3")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("private"));
    assertThat(HOSTS.refusal(InetAddress.getByName("64:ff9b::7f00:1")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("NAT64 form of loopback"));
    assertThat(HOSTS.refusal(InetAddress.getByName("::"))).isPresent();
    assertThat(HOSTS.refusal(InetAddress.getByName("198.18.7.7"))).isPresent();
    assertThat(HOSTS.refusal(InetAddress.getByName("8.8.4.4"))).isEmpty();
    assertThat(HOSTS.allowingNonPublic().refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
  }
}
