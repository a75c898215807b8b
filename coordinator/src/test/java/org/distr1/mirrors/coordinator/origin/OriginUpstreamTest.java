package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The registry's upstream state, read from routing's origin tree in the form nodes report. */
class OriginUpstreamTest {

  static final String A = "aa".repeat(32);
  static final String B = "bb".repeat(32);

  static OriginTree tree(String jackherer, long jackhererAppeared) {
    return OriginTree.of(
        List.of(
            new OriginFile(
                "distri/jackherer/pkg/meta.binaryproto",
                10,
                jackhererAppeared,
                "sha256:" + jackherer),
            new OriginFile(
                "distri/jackherer/pkg/meta.binaryproto.zst", 5, 9_000, "sha256:" + jackherer),
            new OriginFile("distri/supersilverhaze/pkg/meta.binaryproto", 10, 2_000, "sha256:" + B),
            new OriginFile("distri/jackherer/pkg/zsh-5.8-1.squashfs", 99, 3_000, null)));
  }

  @Test
  void indexDigestsInBareHexByReleaseAndTheNewestChange() {
    AtomicReference<OriginTree> origin = new AtomicReference<>(tree(A, 1_000));
    OriginUpstream upstream = new OriginUpstream(origin::get);

    Upstream first = upstream.current();
    assertThat(first.indexDigests()).isEqualTo(Map.of("jackherer", A, "supersilverhaze", B));
    assertThat(first.changedAt()).isEqualTo(Instant.ofEpochMilli(9_000)); // the index's sibling
    assertThat(upstream.current()).isSameAs(first);

    origin.set(tree(B, 15_000));
    Upstream next = upstream.current();
    assertThat(next.indexDigests()).containsEntry("jackherer", B);
    assertThat(next.changedAt()).isEqualTo(Instant.ofEpochMilli(15_000));
  }

  @Test
  void anEmptyOriginHasNoIndexesAndNoTime() {
    Upstream empty = new OriginUpstream(() -> OriginTree.EMPTY).current();
    assertThat(empty.indexDigests()).isEmpty();
    assertThat(empty.changedAt()).isNull();
  }
}
