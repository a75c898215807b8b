package org.distr1.mirrors.coordinator.routing;

import java.util.BitSet;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.shared.repo.Mutability;

/**
 * The one decision whether a mirror may serve a file to a client, and if not, why (MirrorBits'
 * {@code Filter()}): the redirect asks it of the mirrors it considers and keeps those without a
 * reason, {@code ?mirrorlist} asks it of every mirror and shows the reasons. The rules are checked
 * in the order {@link Exclusion} lists them, over the snapshot's flattened arrays, so that asking
 * costs a few array reads.
 */
final class Eligibility {
  private final Exclusion[] blocked;
  private final boolean[] family;
  private final int[] region;
  private final Scope[] scope;
  private final int country;
  private final int continent;
  private final long[] heldBefore;
  private final long appeared;

  /** For a mutable file, the mirrors holding the origin's index; null for any other file. */
  private final BitSet holders;

  /** Whether the file is a section index itself, whose digest is its own bytes. */
  private final boolean index;

  Eligibility(MirrorTable table, OriginFile file, BitSet holders, Client client) {
    this.blocked = table.blocked;
    this.family = client.ipv6() ? table.ipv6 : table.ipv4;
    this.region = table.region;
    this.scope = table.scope;
    this.country = MirrorTable.countryKey(client.location().countryCode());
    this.continent = MirrorTable.continentKey(client.location().continentCode());
    this.heldBefore = table.heldBeforeMillis;
    this.appeared = file.appearedAtMillis();
    this.holders = holders;
    this.index = holders != null && Mutability.isIndex(file.originalPath());
  }

  /** Null when mirror {@code i} may serve the file to the client, else the first rule it fails. */
  Exclusion why(int i) {
    Exclusion state = blocked[i];
    if (state != null) {
      return state;
    }
    if (!family[i]) {
      return Exclusion.ADDRESS_FAMILY;
    }
    int bound = region[i];
    if (bound != 0 && bound != country && bound != continent) {
      return scope[i] == Scope.COUNTRY ? Exclusion.OTHER_COUNTRY : Exclusion.OTHER_CONTINENT;
    }
    if (holders != null && !holders.get(i)) {
      return Exclusion.INDEX_MISMATCH;
    }
    // an index is judged by its bytes alone: a mirror that synced a moment after it changed holds
    // the origin's copy or not. Any other mutable path also needs a sync that began after it
    // appeared: the same index does not prove the mirror has a file added beside it.
    if (index) {
      return null;
    }
    return heldBefore[i] <= appeared ? Exclusion.STALE : null;
  }
}
