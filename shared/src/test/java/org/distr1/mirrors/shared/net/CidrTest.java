package org.distr1.mirrors.shared.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.distr1.mirrors.shared.net.InvalidCidrException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static final CidrPolicy LOOSE = CidrPolicy.DEFAULT.allowingNonPublic();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.7,              192.0.2.7/32",
    "' 192.0.2.7 ',          192.0.2.7/32",
    "192.0.2.0/24,           192.0.2.0/24",
    "198.51.100.128/25,      198.51.100.128/25",
    "203.0.113.9/32,         203.0.113.9/32",
    "2001:db8::7,            2001:db8::7/128",
    "2001:DB8:0:0:0:0:0:7,   2001:db8::7/128",
    "2001:0db8:0000::/48,    2001:db8::/48",
    "2001:db8:1:2::/64,      2001:db8:1:2::/64",
    "2a01:4f8::/48,          2a01:4f8::/48",
  })
  void acceptsAndCanonicalizes(String input, String canonical) {
    Cidr cidr = Cidr.parse(input, CidrPolicy.DEFAULT);
    assertThat(cidr).hasToString(canonical);
    assertThat(Cidr.parse(cidr.toString(), CidrPolicy.DEFAULT)).isEqualTo(cidr);
  }

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource({
    "example.org,            DNS_NAME,      host name",
    "rsync.mirror.example,   DNS_NAME,      host name",
    "localhost,              DNS_NAME,      host name",
    "192.0.2.300,            MALFORMED,     standard notation",
    "1.2.3,                  MALFORMED,     standard notation",
    "127.1,                  MALFORMED,     standard notation",
    "0x7f.0.0.1,             MALFORMED,     standard notation",
    "010.0.0.1,              MALFORMED,     standard notation",
    "192.0.2.0/33,           MALFORMED,     standard notation",
    "192.0.2.*,              MALFORMED,     standard notation",
    "192.0.2.1-9,            MALFORMED,     standard notation",
    "192.0.2.0/255.255.255.0, MALFORMED,    standard notation",
    "'192.0.2.1 192.0.2.2',  MALFORMED,     standard notation",
    "'192.0.2.1,192.0.2.2',  MALFORMED,     standard notation",
    "fe80::1%eth0,           MALFORMED,     standard notation",
    "/24,                    MALFORMED,     standard notation",
    "0.0.0.0/0,              ALL_ADDRESSES, every IPv4 address",
    "::/0,                   ALL_ADDRESSES, every IPv6 address",
    "192.0.2.5/24,           HOST_BITS,     write 192.0.2.0/24 for the network or 192.0.2.5 for",
    "2001:db8::1/48,         HOST_BITS,     write 2001:db8::/48 for the network or 2001:db8::1 for",
    "198.51.0.0/16,          TOO_WIDE,      wider than /24",
    "2001:db8::/32,          TOO_WIDE,      wider than /48",
    "127.0.0.2,              LOOPBACK,      127.0.0.0/8",
    "::1,                    LOOPBACK,      loopback",
    "10.1.2.0/24,            PRIVATE,       10.0.0.0/8",
    "172.16.5.5,             PRIVATE,       172.16.0.0/12",
    "192.168.1.0/24,         PRIVATE,       192.168.0.0/16",
    "100.64.0.1,             PRIVATE,       carrier-grade NAT",
    "fd12:3456:789a::/48,    PRIVATE,       unique-local",
    "169.254.1.1,            LINK_LOCAL,    link-local",
    "fe80::1,                LINK_LOCAL,    link-local",
    "0.0.0.0,                NOT_UNICAST,   this network",
    "224.0.0.1,              NOT_UNICAST,   multicast",
    "255.255.255.255,        NOT_UNICAST,   broadcast",
    "::,                     NOT_UNICAST,   unspecified",
    "ff02::1,                NOT_UNICAST,   multicast",
    "::ffff:192.0.2.1,       NOT_UNICAST,   write the IPv4 form",
  })
  void refusesWithReasonAndMessage(String input, Reason reason, String messagePart) {
    assertThatThrownBy(() -> Cidr.parse(input, CidrPolicy.DEFAULT))
        .isInstanceOfSatisfying(
            InvalidCidrException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.input()).isEqualTo(input);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void refusesNothing(String input) {
    assertThatThrownBy(() -> Cidr.parse(input, LOOSE))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
  }

  @ParameterizedTest(name = "{0} under a loose policy")
  @CsvSource({
    "127.0.0.2,      127.0.0.2/32",
    "::1,            ::1/128",
    "10.1.2.0/24,    10.1.2.0/24",
    "fd00:1::/48,    fd00:1::/48",
    "169.254.7.0/24, 169.254.7.0/24",
    "fe80::/64,      fe80::/64",
  })
  void policyAdmitsNonPublicSpace(String input, String canonical) {
    assertThat(Cidr.parse(input, LOOSE)).hasToString(canonical);
  }

  @ParameterizedTest(name = "{0} stays refused under a loose policy: {1}")
  @CsvSource({
    "0.0.0.0/0,  ALL_ADDRESSES",
    "::/0,       ALL_ADDRESSES",
    "224.0.0.1,  NOT_UNICAST",
    "ff02::1,    NOT_UNICAST",
  })
  void fixedRulesIgnorePolicy(String input, Reason reason) {
    CidrPolicy widest = LOOSE.withMinPrefixLengths(1, 1);
    assertThatThrownBy(() -> Cidr.parse(input, widest))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void wideBlockCannotSmugglePrivateSpace() {
    CidrPolicy wide = CidrPolicy.DEFAULT.withMinPrefixLengths(8, 16);
    assertThat(Cidr.parse("81.0.0.0/8", wide)).hasToString("81.0.0.0/8");
    // 198.0.0.0/8 holds the benchmarking block 198.18.0.0/15
    assertThatThrownBy(() -> Cidr.parse("198.0.0.0/8", wide))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RESERVED));
    assertThatThrownBy(() -> Cidr.parse("172.0.0.0/8", wide))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PRIVATE));
    assertThatThrownBy(() -> Cidr.parse("fc00::/16", wide))
        .isInstanceOfSatisfying(
            InvalidCidrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PRIVATE));
  }

  @Test
  void policyBoundsAreInclusive() {
    assertThat(Cidr.parse("192.0.2.0/24", CidrPolicy.DEFAULT).prefixLength()).isEqualTo(24);
    assertThat(Cidr.parse("2001:db8:1::/48", CidrPolicy.DEFAULT).prefixLength()).isEqualTo(48);
    CidrPolicy narrow = CidrPolicy.DEFAULT.withMinPrefixLengths(32, 128);
    assertThatThrownBy(() -> Cidr.parse("192.0.2.0/31", narrow))
        .isInstanceOf(InvalidCidrException.class);
    assertThat(Cidr.parse("192.0.2.1", narrow).prefixLength()).isEqualTo(32);
  }

  @ParameterizedTest
  @CsvSource({"0, 48", "33, 48", "24, 0", "24, 129"})
  void policyRefusesImpossiblePrefixLengths(int ipv4, int ipv6) {
    assertThatThrownBy(() -> new CidrPolicy(ipv4, ipv6, false, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} vs {1}: contains={2} overlaps={3}")
  @CsvSource({
    "192.0.2.0/24,    192.0.2.7,        true,  true",
    "192.0.2.7,       192.0.2.0/24,     false, true",
    "192.0.2.0/25,    192.0.2.128/25,   false, false",
    "192.0.2.0/24,    192.0.2.0/24,     true,  true",
    "192.0.2.0/24,    198.51.100.0/24,  false, false",
    "2001:db8::/48,   2001:db8:0:1::/64, true, true",
    "2001:db8::/48,   2001:db8:1::/48,  false, false",
    "192.0.2.0/24,    2001:db8::/48,    false, false",
  })
  void containmentAndOverlap(String a, String b, boolean contains, boolean overlaps) {
    Cidr left = Cidr.parse(a, CidrPolicy.DEFAULT);
    Cidr right = Cidr.parse(b, CidrPolicy.DEFAULT);
    assertThat(left.contains(right)).isEqualTo(contains);
    assertThat(left.overlaps(right)).isEqualTo(overlaps);
    assertThat(right.overlaps(left)).isEqualTo(overlaps);
  }

  @Test
  void findsFirstOverlap() {
    List<Cidr> existing =
        List.of(
            Cidr.parse("198.51.100.0/24", CidrPolicy.DEFAULT),
            Cidr.parse("192.0.2.0/25", CidrPolicy.DEFAULT));
    assertThat(Cidr.parse("192.0.2.9", CidrPolicy.DEFAULT).firstOverlapIn(existing))
        .contains(existing.get(1));
    assertThat(Cidr.parse("192.0.2.0/24", CidrPolicy.DEFAULT).firstOverlapIn(existing))
        .contains(existing.get(1));
    assertThat(Cidr.parse("192.0.2.200", CidrPolicy.DEFAULT).firstOverlapIn(existing)).isEmpty();
  }

  @Test
  void containsInetAddressesIncludingMappedIpv4() throws Exception {
    Cidr v4 = Cidr.parse("192.0.2.0/24", CidrPolicy.DEFAULT);
    Cidr v6 = Cidr.parse("2001:db8::/48", CidrPolicy.DEFAULT);
    assertThat(v4.contains(InetAddress.getByName("192.0.2.77"))).isTrue();
    assertThat(v4.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
    assertThat(v4.contains(InetAddress.getByAddress(mapped(192, 0, 2, 77)))).isTrue();
    assertThat(v6.contains(InetAddress.getByName("2001:db8:0:ffff::1"))).isTrue();
    assertThat(v6.contains(InetAddress.getByName("192.0.2.77"))).isFalse();
  }

  private static byte[] mapped(int a, int b, int c, int d) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return bytes;
  }

  @Test
  void sortsIpv4FirstThenByAddressThenWiderFirst() {
    List<String> texts =
        List.of("2001:db8::/48", "198.51.100.7", "192.0.2.0/24", "192.0.2.0/25", "2001:db8::1");
    List<Cidr> cidrs = new ArrayList<>();
    texts.forEach(t -> cidrs.add(Cidr.parse(t, CidrPolicy.DEFAULT)));
    Collections.shuffle(cidrs);
    Collections.sort(cidrs);
    assertThat(cidrs)
        .extracting(Cidr::toString)
        .containsExactly(
            "192.0.2.0/24", "192.0.2.0/25", "198.51.100.7/32", "2001:db8::/48", "2001:db8::1/128");
  }

  @Test
  void equalNetworksAreEqualValues() {
    assertThat(Cidr.parse("2001:DB8::/48", CidrPolicy.DEFAULT))
        .isEqualTo(Cidr.parse("2001:db8:0::/48", CidrPolicy.DEFAULT))
        .hasSameHashCodeAs(Cidr.parse("2001:db8::/48", CidrPolicy.DEFAULT));
    assertThat(Cidr.parse("192.0.2.0/24", CidrPolicy.DEFAULT))
        .isNotEqualTo(Cidr.parse("192.0.2.0/25", CidrPolicy.DEFAULT));
  }
}
