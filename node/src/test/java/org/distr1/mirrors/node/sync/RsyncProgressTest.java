package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RsyncProgressTest {

  @Test
  void parsesProgress2Lines() {
    assertThat(RsyncProgress.parse("      4,196,544  19%    1.96MB/s    0:00:08  "))
        .contains(new RsyncProgress(4_196_544, 19, (long) (1.96 * 1024 * 1024), 8));
    assertThat(RsyncProgress.parse("    524,449   2%    2.11kB/s    1:02:03 (xfr#3, to-chk=88/96)"))
        .contains(new RsyncProgress(524_449, 2, (long) (2.11 * 1024), 3723));
    assertThat(RsyncProgress.parse("         32,768   0%    0.00kB/s    0:00:00"))
        .contains(new RsyncProgress(32_768, 0, 0, 0));
  }

  @Test
  void progressIsLoggedInHumanUnits() {
    assertThat(RsyncProgress.parse("  1,288,490,189  19%    1.96MB/s    0:03:05  ").orElseThrow())
        .hasToString("19%, 1.2 GiB at 2.0 MiB/s, ETA 3 min 5 s");
  }

  @Test
  void ignoresOtherOutput() {
    assertThat(RsyncProgress.parse("Number of files: 96 (reg: 88, dir: 8)")).isEmpty();
    assertThat(RsyncProgress.parse("Total bytes received: 22,020,198")).isEmpty();
    assertThat(RsyncProgress.parse("")).isEmpty();
  }

  @Test
  void exitCodesAreExplained() {
    assertThat(RsyncExitCode.isSuccess(0)).isTrue();
    assertThat(RsyncExitCode.isSuccess(24)).isTrue();
    assertThat(RsyncExitCode.isSuccess(23)).isFalse();
    assertThat(RsyncExitCode.explain(10))
        .isEqualTo("exit 10: error in socket I/O (upstream down or unreachable?)");
    assertThat(RsyncExitCode.explain(137)).startsWith("killed by signal 9 (SIGKILL");
    assertThat(RsyncExitCode.explain(99)).isEqualTo("exit 99: unknown rsync exit code");
  }
}
