package org.distr1.mirrors.coordinator.net;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * The network-policy settings of a subsystem that accepts addresses and networks from people (the
 * registry, the allowlist), in that subsystem's own YAML section.
 *
 * <p>Subsystem factories extend this rather than embed it with {@code @JsonUnwrapped}: Jackson 2
 * stops reporting unknown keys in a class with an unwrapped property (jackson-databind #650), so a
 * misspelled setting would be silently ignored, and validation errors would name a key the YAML
 * does not have.
 */
public abstract class CidrPolicyFactory {

  @Min(1)
  @Max(32)
  private int widestIpv4Prefix = 24;

  @Min(1)
  @Max(128)
  private int widestIpv6Prefix = 48;

  /** Loopback, private and link-local space (tests, quick start); off in production. */
  private boolean allowNonPublicAddresses = false;

  @JsonProperty
  public int getWidestIpv4Prefix() {
    return widestIpv4Prefix;
  }

  @JsonProperty
  public void setWidestIpv4Prefix(int widestIpv4Prefix) {
    this.widestIpv4Prefix = widestIpv4Prefix;
  }

  @JsonProperty
  public int getWidestIpv6Prefix() {
    return widestIpv6Prefix;
  }

  @JsonProperty
  public void setWidestIpv6Prefix(int widestIpv6Prefix) {
    this.widestIpv6Prefix = widestIpv6Prefix;
  }

  @JsonProperty
  public boolean isAllowNonPublicAddresses() {
    return allowNonPublicAddresses;
  }

  @JsonProperty
  public void setAllowNonPublicAddresses(boolean allowNonPublicAddresses) {
    this.allowNonPublicAddresses = allowNonPublicAddresses;
  }

  public CidrPolicy cidrPolicy() {
    CidrPolicy policy = new CidrPolicy(widestIpv4Prefix, widestIpv6Prefix, false, false, false);
    return allowNonPublicAddresses ? policy.allowingNonPublic() : policy;
  }
}
