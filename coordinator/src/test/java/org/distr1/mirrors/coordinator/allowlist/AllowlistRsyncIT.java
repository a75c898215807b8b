package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's fragment file merged by a real {@code rsync --daemon}: what the admin API
 * admits can list the module, anything else is refused, and a revoke takes effect at the next
 * connection.
 */
class AllowlistRsyncIT {

  @RegisterExtension static final AllowlistApp APP = new AllowlistApp();

  @TempDir Path dir;

  @BeforeEach
  void empty() {
    APP.deleteEntries();
  }

  private RsyncDaemon daemon(String address) throws Exception {
    return FragmentRsyncd.start(dir, address, APP.fragment);
  }

  @Test
  void admittedSourceListsTheModuleOthersAreRefusedAndARevokeBitesAtOnce() throws Exception {
    try (RsyncDaemon daemon = daemon("127.0.0.1")) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").refused()).isTrue();

      long id = APP.added("127.0.0.2");
      RsyncClient.Result allowed = RsyncClient.list(daemon.url(), "127.0.0.2");
      assertThat(allowed.listed()).as(allowed.output()).isTrue();
      assertThat(allowed.output()).contains("distri");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();

      assertThat(APP.remove(id).status()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").refused()).isTrue();
      assertThat(daemon.log())
          .contains("rsync denied on module distri from UNDETERMINED (127.0.0.2)");
    }
  }

  @Test
  void refusedInputLeavesRsyncdAsItWas() throws Exception {
    APP.added("127.0.0.2");
    try (RsyncDaemon daemon = daemon("127.0.0.1")) {
      assertThat(APP.add("127.0.0.0/8").status()).isEqualTo(422);
      assertThat(APP.add("localhost").status()).isEqualTo(422);
      assertThat(APP.add("127.0.0.2/32").status()).isEqualTo(409);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();
    }
  }

  @Test
  void ipv6LoopbackIsAdmittedAndRevoked() throws Exception {
    FragmentRsyncd.assumeIpv6Loopback();
    try (RsyncDaemon daemon = daemon("::1")) {
      assertThat(RsyncClient.list(daemon.url(), null).refused()).isTrue();
      long id = APP.added("::1");
      assertThat(RsyncClient.list(daemon.url(), null).listed()).isTrue();
      APP.remove(id);
      assertThat(RsyncClient.list(daemon.url(), null).refused()).isTrue();
    }
  }
}
