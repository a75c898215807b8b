package org.distr1.mirrors.coordinator.allowlist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.shared.files.AtomicFiles;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rsyncd.conf lines documented in docs/allowlist.md, against a real {@code rsync --daemon}: the
 * module says {@code hosts deny = *} and merges the generated fragment.
 */
class RsyncdFragmentIT {

  @TempDir Path dir;

  private RsyncDaemon daemon(String address, Path fragment) throws Exception {
    return FragmentRsyncd.start(dir, address, fragment);
  }

  private static void write(Path fragment, String... networks) throws Exception {
    AtomicFiles.replace(
        fragment, RsyncdFragment.render(RsyncdFragmentTest.networks(networks)).getBytes(UTF_8));
  }

  @Test
  void admitsExactlyTheListedSourcesAndFollowsEveryRewrite() throws Exception {
    Path fragment = dir.resolve("rsyncd.d/distri-allowlist.inc");
    write(fragment, "127.0.0.2", "192.0.2.0/24", "2001:db8::/48");
    try (RsyncDaemon daemon = daemon("127.0.0.1", fragment)) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").output()).contains("distri");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();

      // rsyncd reads its configuration per connection: the next connection sees the change
      write(fragment, "127.0.0.3/32");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").refused()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").listed()).isTrue();

      write(fragment, "127.0.0.0/30");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.5").refused()).isTrue();

      write(fragment);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").refused()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();
    }
  }

  @Test
  void anEmptiedFragmentStillFailsClosed() throws Exception {
    // rsyncd treats an empty merged file as "no hosts allow" = everyone; the module's own
    // "hosts deny = *" is what keeps that case closed
    Path fragment = dir.resolve("allow.inc");
    Files.writeString(fragment, "");
    try (RsyncDaemon daemon = daemon("127.0.0.1", fragment)) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").refused()).isTrue();
    }
  }

  @Test
  void admitsIpv6Loopback() throws Exception {
    FragmentRsyncd.assumeIpv6Loopback();
    Path fragment = dir.resolve("allow.inc");
    write(fragment, "::1");
    try (RsyncDaemon daemon = daemon("::1", fragment)) {
      assertThat(RsyncClient.list(daemon.url(), null).listed()).isTrue();
      write(fragment, "2001:db8::/48", "127.0.0.2");
      assertThat(RsyncClient.list(daemon.url(), null).refused()).isTrue();
      write(fragment, "::1/128");
      assertThat(RsyncClient.list(daemon.url(), null).listed()).isTrue();
    }
  }
}
