package org.distr1.mirrors.shared.net;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.distr1.mirrors.shared.net.InvalidCidrException.Reason;

/**
 * Address space that is refused by {@link Cidr#parse} and {@link CidrPolicy#refusal}, either always
 * or unless the {@link CidrPolicy} allows it: the entries of the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries that are not globally reachable, plus the IPv6 forms that embed an IPv4
 * address (6to4 {@code 2002::/16}, NAT64 {@code 64:ff9b::/96}) of each refused IPv4 range, so
 * {@code 2002:7f00::/24} is refused as loopback like {@code 127.0.0.0/8}.
 *
 * <p>A candidate is refused when it <em>overlaps</em> a range, so a wide block cannot smuggle
 * special space in (e.g. 172.0.0.0/8 contains 172.16.0.0/12).
 *
 * <p>The documentation prefixes (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32,
 * 3fff::/20) stay accepted: they are this project's example public space in docs, demo and tests,
 * and are routed nowhere, so accepting them opens nothing.
 */
final class SpecialRanges {

  private record Range(IPAddress block, Reason reason, String label) {}

  private static final List<Range> IPV4 =
      List.of(
          range("127.0.0.0/8", Reason.LOOPBACK, "loopback"),
          range("10.0.0.0/8", Reason.PRIVATE, "private (RFC 1918)"),
          range("172.16.0.0/12", Reason.PRIVATE, "private (RFC 1918)"),
          range("192.168.0.0/16", Reason.PRIVATE, "private (RFC 1918)"),
          range("100.64.0.0/10", Reason.PRIVATE, "carrier-grade NAT shared space (RFC 6598)"),
          range("169.254.0.0/16", Reason.LINK_LOCAL, "link-local"),
          range("0.0.0.0/8", Reason.NOT_UNICAST, "'this network' (RFC 791)"),
          range("224.0.0.0/4", Reason.NOT_UNICAST, "multicast"),
          range("240.0.0.0/4", Reason.NOT_UNICAST, "reserved/broadcast"),
          range("192.0.0.0/24", Reason.RESERVED, "IETF protocol assignments (RFC 6890)"),
          range("192.88.99.0/24", Reason.RESERVED, "deprecated 6to4 relay anycast (RFC 7526)"),
          range("198.18.0.0/15", Reason.RESERVED, "benchmarking (RFC 2544)"));

  private static final List<Range> IPV6_OWN =
      List.of(
          range("::1/128", Reason.LOOPBACK, "loopback"),
          range("fc00::/7", Reason.PRIVATE, "unique-local (RFC 4193)"),
          range("fec0::/10", Reason.PRIVATE, "deprecated site-local (RFC 3879)"),
          range("64:ff9b:1::/48", Reason.PRIVATE, "local-use NAT64 (RFC 8215)"),
          range("fe80::/10", Reason.LINK_LOCAL, "link-local"),
          range("::/128", Reason.NOT_UNICAST, "the unspecified address"),
          range("ff00::/8", Reason.NOT_UNICAST, "multicast"),
          range("::ffff:0:0/96", Reason.NOT_UNICAST, "IPv4-mapped; write the IPv4 form instead"),
          range("::/96", Reason.NOT_UNICAST, "deprecated IPv4-compatible (RFC 4291)"),
          range("100::/64", Reason.RESERVED, "discard-only (RFC 6666)"),
          range("100:0:0:1::/64", Reason.RESERVED, "the dummy IPv6 prefix"),
          range("2001::/32", Reason.RESERVED, "Teredo (RFC 4380)"),
          range("2001:2::/48", Reason.RESERVED, "benchmarking (RFC 5180)"),
          range("2001:10::/28", Reason.RESERVED, "deprecated ORCHID (RFC 4843)"),
          range("5f00::/16", Reason.RESERVED, "SRv6 SIDs (RFC 9602)"));

  private static final List<Range> RANGES = all();

  private SpecialRanges() {}

  private static Range range(String cidr, Reason reason, String label) {
    return new Range(new IPAddressString(cidr).getAddress(), reason, label);
  }

  private static List<Range> all() {
    List<Range> ranges = new ArrayList<>(IPV4);
    ranges.addAll(IPV6_OWN);
    for (Range v4 : IPV4) {
      ranges.add(embedded("2002::/16", 16, v4, "6to4"));
      ranges.add(embedded("64:ff9b::/96", 96, v4, "NAT64"));
    }
    return List.copyOf(ranges);
  }

  /** The IPv6 block that embeds {@code v4} at bit {@code offset} of {@code prefix}. */
  private static Range embedded(String prefix, int offset, Range v4, String form) {
    byte[] bytes = new IPAddressString(prefix).getAddress().getLower().getBytes();
    byte[] inner = v4.block().getLower().getBytes();
    System.arraycopy(inner, 0, bytes, offset / 8, 4);
    IPAddress block =
        new IPv6Address(bytes).toPrefixBlock(offset + v4.block().getNetworkPrefixLength());
    return new Range(block, v4.reason(), form + " form of " + v4.label());
  }

  static void check(String text, Cidr cidr, CidrPolicy policy) {
    int min = cidr.isIpv4() ? policy.minIpv4PrefixLength() : policy.minIpv6PrefixLength();
    if (cidr.prefixLength() < min) {
      throw new InvalidCidrException(
          Reason.TOO_WIDE,
          text,
          "'"
              + text
              + "' is wider than /"
              + min
              + ", the widest "
              + Cidr.family(cidr.block())
              + " range allowed here");
    }
    refused(cidr.block(), policy)
        .ifPresent(
            range -> {
              throw new InvalidCidrException(
                  range.reason(),
                  text,
                  "'"
                      + text
                      + "' is in or overlaps "
                      + range.block().toCanonicalString()
                      + ", "
                      + range.label()
                      + " space, which is not allowed here");
            });
  }

  /** Why {@code policy} refuses {@code address}, as a short phrase, or empty when it does not. */
  static Optional<String> refusal(InetAddress address, CidrPolicy policy) {
    IPAddress block = new IPAddressString(address.getHostAddress()).getAddress();
    if (block == null) {
      return Optional.of("an address that cannot be read");
    }
    return refused(block.withoutPrefixLength(), policy)
        .map(range -> range.label() + " space (" + range.block().toCanonicalString() + ")");
  }

  /**
   * The first range that refuses {@code block}. A range does not refuse a block that lies wholly
   * inside a narrower range the policy allows ({@code ::1} is loopback, not IPv4-compatible).
   */
  private static Optional<Range> refused(IPAddress block, CidrPolicy policy) {
    for (Range range : RANGES) {
      if (range.block().isIPv4() == block.isIPv4()
          && range.block().overlaps(block)
          && !allowed(range.reason(), policy)
          && !excused(range, block, policy)) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }

  private static boolean excused(Range refusing, IPAddress block, CidrPolicy policy) {
    for (Range range : RANGES) {
      if (range != refusing
          && range.block().isIPv4() == block.isIPv4()
          && refusing.block().contains(range.block())
          && range.block().contains(block)
          && allowed(range.reason(), policy)) {
        return true;
      }
    }
    return false;
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
