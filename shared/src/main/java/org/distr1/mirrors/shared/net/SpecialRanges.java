package org.distr1.mirrors.shared.net;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import org.distr1.mirrors.shared.net.InvalidCidrException.Reason;

/**
 * Address space that is refused by {@link Cidr#parse}, either always or unless the
 * {@link CidrPolicy} allows it. A candidate is refused when it <em>overlaps</em> a range, so a
 * wide block cannot smuggle private space in (e.g. 172.0.0.0/8 contains 172.16.0.0/12).
 */
final class SpecialRanges {

  private record Range(IPAddress block, Reason reason, String label) {}

  private static final List<Range> RANGES =
      List.of(
          range("127.0.0.0/8", Reason.LOOPBACK, "loopback"),
          range("::1/128", Reason.LOOPBACK, "loopback"),
          range("10.0.0.0/8", Reason.PRIVATE, "private (RFC 1918)"),
          range("172.16.0.0/12", Reason.PRIVATE, "private (RFC 1918)"),
          range("192.168.0.0/16", Reason.PRIVATE, "private (RFC 1918)"),
          range("100.64.0.0/10", Reason.PRIVATE, "carrier-grade NAT shared space (RFC 6598)"),
          range("fc00::/7", Reason.PRIVATE, "unique-local (RFC 4193)"),
          range("169.254.0.0/16", Reason.LINK_LOCAL, "link-local"),
          range("fe80::/10", Reason.LINK_LOCAL, "link-local"),
          range("0.0.0.0/8", Reason.NOT_UNICAST, "'this network' (RFC 791)"),
          range("224.0.0.0/4", Reason.NOT_UNICAST, "multicast"),
          range("240.0.0.0/4", Reason.NOT_UNICAST, "reserved/broadcast"),
          range("::/128", Reason.NOT_UNICAST, "the unspecified address"),
          range("ff00::/8", Reason.NOT_UNICAST, "multicast"),
          range("::ffff:0:0/96", Reason.NOT_UNICAST, "IPv4-mapped; write the IPv4 form instead"));

  private SpecialRanges() {}

  private static Range range(String cidr, Reason reason, String label) {
    return new Range(new IPAddressString(cidr).getAddress(), reason, label);
  }

  static void check(String text, Cidr cidr, CidrPolicy policy) {
    int min = cidr.isIpv4() ? policy.minIpv4PrefixLength() : policy.minIpv6PrefixLength();
    if (cidr.prefixLength() < min) {
      throw new InvalidCidrException(
          Reason.TOO_WIDE,
          text,
          "'" + text + "' is wider than /" + min + ", the widest " + Cidr.family(cidr.block())
              + " range allowed here");
    }
    for (Range range : RANGES) {
      if (range.block().isIPv4() == cidr.isIpv4()
          && range.block().overlaps(cidr.block())
          && !allowed(range.reason(), policy)) {
        throw new InvalidCidrException(
            range.reason(),
            text,
            "'" + text + "' is in or overlaps " + range.block().toCanonicalString() + ", "
                + range.label() + " space, which is not allowed here");
      }
    }
  }

  private static boolean allowed(Reason reason, CidrPolicy policy) {
    return switch (reason) {
      case LOOPBACK -> policy.allowLoopback();
      case PRIVATE -> policy.allowPrivate();
      case LINK_LOCAL -> policy.allowLinkLocal();
      default -> false;
    };
  }
}
