package org.distr1.mirrors.shared.net;

import static java.util.Objects.requireNonNull;

/**
 * An address or CIDR that {@link Cidr#parse} refuses. The message is a complete sentence meant for
 * the person who typed the value (it is sent back verbatim in a 4xx {@code ApiError}); the {@link
 * Reason} lets callers and tests tell refusals apart without matching text.
 */
public final class InvalidCidrException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why a value was refused. */
  public enum Reason {
    /** Null, empty or blank. */
    EMPTY,
    /** Not an IPv4/IPv6 address or CIDR in standard notation. */
    MALFORMED,
    /** A host name: access is checked against the connecting address, never a name. */
    DNS_NAME,
    /** {@code 0.0.0.0/0} or {@code ::/0}. */
    ALL_ADDRESSES,
    /** A prefix length with bits set after it, e.g. {@code 192.0.2.5/24}. */
    HOST_BITS,
    /** Shorter prefix than the policy allows. */
    TOO_WIDE,
    /** Inside or overlapping 127.0.0.0/8 or ::1. */
    LOOPBACK,
    /** Inside or overlapping RFC 1918, RFC 6598 shared space or IPv6 unique-local space. */
    PRIVATE,
    /** Inside or overlapping 169.254.0.0/16 or fe80::/10. */
    LINK_LOCAL,
    /** Multicast, reserved, unspecified or IPv4-mapped space: never a client's source. */
    NOT_UNICAST,
    /**
     * Special-purpose space the IANA registries mark as not globally reachable (benchmarking, IETF
     * protocol assignments, discard-only, Teredo, ...): never a mirror's or client's address.
     */
    RESERVED
  }

  private final Reason reason;
  private final String input;

  InvalidCidrException(Reason reason, String input, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
    this.input = input;
  }

  public Reason reason() {
    return reason;
  }

  /** The refused text as given (may be null). */
  public String input() {
    return input;
  }
}
