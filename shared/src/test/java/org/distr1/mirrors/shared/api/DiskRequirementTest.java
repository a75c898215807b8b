package org.distr1.mirrors.shared.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiskRequirementTest {

  private static final long GIB = 1L << 30;
  private final DiskRequirement published = new DiskRequirement(DiskRequirement.PUBLISHED_BYTES);

  @Test
  void whatTheTreeUsesCountsWithWhatIsFreeAndTheDiskSizeDoesNot() {
    var fullMirror = new NodeReport.DiskUsage(200 * GIB, 20 * GIB, 140 * GIB);
    assertThat(published.metBy(fullMirror.availableToMirrorBytes())).isTrue();
    var bigButFullOfOtherThings = new NodeReport.DiskUsage(2000 * GIB, 10 * GIB, 20 * GIB);
    assertThat(published.metBy(bigButFullOfOtherThings.availableToMirrorBytes())).isFalse();
    assertThat(published.describe(fullMirror))
        .isEqualTo(
            "160.0 GiB available to the mirror (140.0 GiB used by it, 20.0 GiB free); 150.0 GiB required");
  }
}
