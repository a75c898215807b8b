package org.distr1.mirrors.shared.net;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.HostName;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.net.InetAddress;
import java.util.Optional;
import org.distr1.mirrors.shared.net.InvalidCidrException.Reason;

/**
 * A validated IPv4 or IPv6 network: a prefix block such as {@code 192.0.2.0/24}, {@code
 * 2001:db8::/48} or the single host {@code 198.51.100.7/32}.
 *
 * <p>{@link #toString()} is the canonical text — always with a prefix length, IPv6 in RFC 5952
 * compressed lower case — so two equal networks have equal text (usable as a unique key).
 *
 * <p>A prefix with host bits set ({@code 192.0.2.5/24}) is <em>refused</em>, not normalized:
 * silently widening what someone typed as one host to its whole /24 would grant access to 255
 * machines nobody asked for. The message names both readings so the fix is one edit.
 */
public record Cidr(IPAddress block) implements Comparable<Cidr> {

  /**
   * Standard notation only: no inet_aton forms ({@code 127.1}, {@code 0x7f.0.0.1}), no leading
   * zeros (octal or decimal?), no wildcards, ranges, masks, zones or empty strings.
   */
  private static final IPAddressStringParameters STRICT =
      new IPAddressStringParameters.Builder()
          .allowEmpty(false)
          .allowAll(false)
          .allowSingleSegment(false)
          .allowMask(false)
          .allowPrefixOnly(false)
          .allowWildcardedSeparator(false)
          .setRangeOptions(RangeParameters.NO_RANGE)
          .allow_inet_aton(false)
          .getIPv4AddressParametersBuilder()
          .allowLeadingZeros(false)
          .allowBinary(false)
          .getParentBuilder()
          .getIPv6AddressParametersBuilder()
          .allowZone(false)
          .allowBinary(false)
          .allowBase85(false)
          .getParentBuilder()
          .toParams();

  public Cidr {
    requireNonNull(block, "block");
    if (!block.isPrefixBlock() || block.getNetworkPrefixLength() == null) {
      throw new IllegalArgumentException("not a prefix block: " + block);
    }
  }

  /**
   * Parses an address ({@code 192.0.2.7}, {@code 2001:db8::7}) or CIDR ({@code 192.0.2.0/24}) and
   * applies the fixed rules and {@code policy}.
   *
   * @throws InvalidCidrException with a message for the person who typed {@code text}
   */
  public static Cidr parse(String text, CidrPolicy policy) {
    requireNonNull(policy, "policy");
    if (text == null || text.isBlank()) {
      throw new InvalidCidrException(
          Reason.EMPTY, text, "an IPv4/IPv6 address or CIDR is required");
    }
    String trimmed = text.strip();
    IPAddress parsed = parseStrict(trimmed);
    Cidr cidr = new Cidr(toBlock(trimmed, parsed));
    SpecialRanges.check(trimmed, cidr, policy);
    return cidr;
  }

  private static IPAddress parseStrict(String text) {
    try {
      return new IPAddressString(text, STRICT).toAddress();
    } catch (AddressStringException e) {
      if (looksLikeHostName(text)) {
        throw new InvalidCidrException(
            Reason.DNS_NAME,
            text,
            "'"
                + text
                + "' is a host name; give the IPv4/IPv6 address or CIDR the connections"
                + " come from (rsyncd and the redirector match addresses, and names can change)");
      }
      throw new InvalidCidrException(
          Reason.MALFORMED,
          text,
          "'"
              + text
              + "' is not an IPv4/IPv6 address or CIDR in standard notation"
              + " (e.g. 192.0.2.7, 192.0.2.0/24, 2001:db8::/48)");
    }
  }

  private static boolean looksLikeHostName(String text) {
    HostName host = new HostName(text);
    // a name needs a letter somewhere; "1.2.3" or "999.1.1.1" are broken addresses, not names
    return host.isValid() && !host.isAddress() && text.chars().anyMatch(Character::isLetter);
  }

  private static IPAddress toBlock(String text, IPAddress parsed) {
    Integer prefix = parsed.getNetworkPrefixLength();
    if (prefix == null) {
      return parsed.toPrefixBlock(parsed.getBitCount());
    }
    if (prefix == 0) {
      throw new InvalidCidrException(
          Reason.ALL_ADDRESSES,
          text,
          "'" + text + "' matches every " + family(parsed) + " address and is never allowed");
    }
    if (!parsed.isPrefixBlock()) {
      IPAddress host = parsed.withoutPrefixLength();
      throw new InvalidCidrException(
          Reason.HOST_BITS,
          text,
          "'"
              + text
              + "' has host bits set after /"
              + prefix
              + "; write "
              + parsed.toPrefixBlock().toCanonicalString()
              + " for the network or "
              + host.toCanonicalString()
              + " for the single address");
    }
    return parsed;
  }

  static String family(IPAddress address) {
    return address.isIPv4() ? "IPv4" : "IPv6";
  }

  public boolean isIpv4() {
    return block.isIPv4();
  }

  public int prefixLength() {
    return block.getNetworkPrefixLength();
  }

  /** True when every address of {@code other} is in this network (also when equal). */
  public boolean contains(Cidr other) {
    return block.contains(other.block);
  }

  /** True when the two networks share an address; for prefix blocks one then contains the other. */
  public boolean overlaps(Cidr other) {
    return block.overlaps(other.block);
  }

  /** True when {@code address} is in this network; IPv4-mapped IPv6 addresses count as IPv4. */
  public boolean contains(InetAddress address) {
    IPAddress candidate = new IPAddressString(address.getHostAddress()).getAddress();
    if (candidate == null) {
      return false;
    }
    if (candidate.isIPv6() && candidate.toIPv6().isIPv4Mapped()) {
      candidate = candidate.toIPv6().getEmbeddedIPv4Address();
    }
    return block.contains(candidate);
  }

  /** The first of {@code existing} that shares an address with this network, if any. */
  public Optional<Cidr> firstOverlapIn(Iterable<Cidr> existing) {
    for (Cidr other : existing) {
      if (overlaps(other)) {
        return Optional.of(other);
      }
    }
    return Optional.empty();
  }

  /** IPv4 before IPv6, then by network address, then wider before narrower. */
  @Override
  public int compareTo(Cidr other) {
    if (isIpv4() != other.isIpv4()) {
      return isIpv4() ? -1 : 1;
    }
    IPAddress mine = block.getLower().withoutPrefixLength();
    int byAddress = mine.compareTo(other.block.getLower().withoutPrefixLength());
    return byAddress != 0 ? byAddress : Integer.compare(prefixLength(), other.prefixLength());
  }

  /**
   * Canonical text with prefix length, e.g. {@code 192.0.2.0/24}, {@code 2001:db8::1/128}; also the
   * JSON form (reading one back needs a policy, so it goes through {@link #parse}).
   */
  @JsonValue
  @Override
  public String toString() {
    return block.toCanonicalString();
  }
}
