package org.distr1.mirrors.coordinator.allowlist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.shared.testing.RsyncDaemon;

/**
 * A real rsync daemon set up the way docs/allowlist.md tells upstream operators to: its module
 * refuses everybody ({@code hosts deny = *}) but the hosts a {@code &merge}d fragment allows.
 */
final class FragmentRsyncd {

  private FragmentRsyncd() {}

  /** Serves module {@code distri} (one README, under {@code dir/module}) on a loopback address. */
  static RsyncDaemon start(Path dir, String address, Path fragment) throws IOException {
    Path module = Files.createDirectories(dir.resolve("module/distri"));
    Files.writeString(module.resolve("README"), "hello\n");
    return RsyncDaemon.builder(dir.resolve("module"))
        .address(address)
        .globalLine("reverse lookup = no")
        .moduleLine("hosts deny = *")
        .moduleLine("&merge " + fragment)
        .start();
  }

  /** Skips the calling test on a machine without {@code ::1}. */
  static void assumeIpv6Loopback() throws IOException {
    assumeTrue(
        NetworkInterface.getByInetAddress(InetAddress.getByName("::1")) != null,
        "this machine has no IPv6 loopback (::1), so the IPv6 case cannot run here");
  }
}
