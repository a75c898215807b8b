package org.distr1.mirrors.coordinator.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private static final CidrPolicy ANY =
      CidrPolicy.DEFAULT.allowingNonPublic().withMinPrefixLengths(8, 8);
  private final ClientAddresses addresses =
      new ClientAddresses(
          List.of(
              Cidr.parse("127.0.0.0/8", ANY),
              Cidr.parse("10.0.0.0/8", ANY),
              Cidr.parse("fd00::/8", ANY)));

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private String resolve(String peer, String... headers) throws Exception {
    return addresses.resolve(ip(peer), List.of(headers)).getHostAddress();
  }

  @Test
  void untrustedPeerIsTheClientWhateverItForwards() throws Exception {
    assertThat(resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    assertThat(resolve("198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void trustedProxyChainIsWalkedFromTheRight() throws Exception {
    assertThat(resolve("127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    // the client claims to be 10.1.1.1 and 1.2.3.4; only the hop our proxies saw counts
    assertThat(resolve("127.0.0.1", "1.2.3.4, 10.1.1.1", "198.51.100.20, 10.0.0.5"))
        .isEqualTo("198.51.100.20");
    assertThat(resolve("127.0.0.1", "10.0.0.9, 10.0.0.5")).isEqualTo("10.0.0.9");
  }

  @Test
  void ipv6AndMappedAddresses() throws Exception {
    assertThat(resolve("::ffff:127.0.0.1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
    assertThat(resolve("fd00::1", "[2001:db8::6]")).isEqualTo("2001:db8:0:0:0:0:0:6");
    assertThat(resolve("127.0.0.1", "::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(addresses.resolve(ip("::ffff:198.51.100.1"), List.of()))
        .isInstanceOf(java.net.Inet4Address.class);
  }

  @Test
  void garbageAndHostNamesStopTheWalkAtTheLastTrustedHop() throws Exception {
    assertThat(resolve("127.0.0.1", "example.org")).isEqualTo("127.0.0.1");
    assertThat(resolve("127.0.0.1", "203.0.113.9, nonsense, 10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(resolve("127.0.0.1", "10.0.0.0/8")).isEqualTo("127.0.0.1");
  }
}
