package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The indexes a tree's mutable paths are decided by, worked out once per tree. */
class OriginTreeTest {
  @Test
  void eachIndexOnceWithTheDigestItsMutablePathsCarry() {
    OriginTree tree =
        OriginTree.of(
            List.of(
                new OriginFile("distri/master/pkg/meta.binaryproto", 10, 1, "sha256:p"),
                new OriginFile("distri/master/pkg/bash-amd64.meta.textproto", 10, 1, "sha256:p"),
                new OriginFile("distri/master/pkg/bash-amd64-5.1-4.squashfs", 10, 1, "sha256:p"),
                new OriginFile("distri/master/debug/meta.binaryproto.zst", 10, 1, "sha256:d"),
                new OriginFile("distri/master/docs/index.html", 10, 1, "sha256:x"),
                new OriginFile("distri/cb4deead/pkg/bash-amd64-5.1-4.squashfs", 10, 1, null)));

    assertThat(tree.indexes())
        .isEqualTo(
            Map.of(
                "distri/master/pkg/meta.binaryproto", "sha256:p",
                "distri/master/debug/meta.binaryproto", "sha256:d",
                "distri/master/docs/meta.binaryproto", "sha256:x"));
    assertThat(OriginTree.EMPTY.indexes()).isEmpty();
  }
}
