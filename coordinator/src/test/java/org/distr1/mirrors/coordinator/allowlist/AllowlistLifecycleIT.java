package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.allowlist.AllowlistApp.Reply;
import org.distr1.mirrors.coordinator.audit.AuditEntry;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror's whole life through the registry's real APIs, watched from a real rsync daemon:
 * enrolled (pending: refused), approved (its rsync source lists the module), disabled (refused at
 * the next connection), enabled, sources changed (pending again: old and new refused), re-approved
 * (only the new source admitted), removed (refused).
 */
class AllowlistLifecycleIT {

  @RegisterExtension static final AllowlistApp APP = new AllowlistApp();

  @TempDir Path dir;

  private static Reply admin(String method, String path, Object body) {
    return APP.call(method, "/v1/admin/mirrors" + path, APP.maintainerToken(), body, null);
  }

  private static List<String> entries() {
    return APP.databaseNetworks().stream().sorted().toList();
  }

  private static long enroll(String name, String source) {
    Reply enrolled =
        APP.call(
            "POST",
            "/v1/mirrors",
            null,
            Map.of(
                "name",
                name,
                "baseUrl",
                "http://127.0.0.1:9/" + name + "/",
                "contactEmail",
                "ops@example.org",
                "bandwidthMbps",
                10_000,
                "rsyncSources",
                List.of(source)),
            null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
    return enrolled.id();
  }

  /** The maintainer guide's trial entry is not tied to the mirror; disabling must end it too. */
  @Test
  void disablingOrRemovingAMirrorWithdrawsTheTrialEntriesThatAdmitOnlyItsSources()
      throws Exception {
    long mirror = enroll("trial", "127.0.0.9");
    long other = enroll("other-trial", "127.0.0.10");
    long trial = APP.add("127.0.0.9", null, "trial for mirror " + mirror, null).id();
    long otherTrial = APP.add("127.0.0.10", null, "trial for mirror " + other, null).id();

    try (RsyncDaemon daemon = FragmentRsyncd.start(dir, "127.0.0.1", APP.fragment)) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.9").listed()).isTrue();
      assertThat(admin("POST", "/" + mirror + "/approve", "{}").status()).isEqualTo(200);

      Reply disabled = admin("POST", "/" + mirror + "/disable", Map.of("reason", "stale"));
      assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
      assertThat(disabled.json()).containsEntry("state", "disabled");
      assertThat(disabled.json()).containsEntry("rsyncAccessKeptBy", List.of());
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.9").refused()).isTrue();
      assertThat(entries()).doesNotContain("127.0.0.9/32").contains("127.0.0.10/32");
      assertThat(APP.audit("allowlist:" + trial))
          .extracting(AuditEntry::action)
          .contains("allowlist.revoke");

      // a trial entry added after the disable is the maintainer's decision, and stays
      long again = APP.add("127.0.0.9", null, "second chance", null).id();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.9").listed()).isTrue();
      Reply removed = admin("DELETE", "/" + mirror, null);
      assertThat(removed.status()).as(removed.body()).isEqualTo(200);
      assertThat(removed.json()).containsEntry("rsyncAccessKeptBy", List.of());
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.9").refused()).isTrue();
      assertThat(APP.audit("allowlist:" + again))
          .extracting(AuditEntry::action)
          .contains("allowlist.revoke");

      // the other pending mirror's trial was never touched
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.10").listed()).isTrue();
      assertThat(APP.remove(otherTrial).status()).isBetween(200, 204);
      assertThat(admin("DELETE", "/" + other, null).status()).isBetween(200, 204);
    }
  }

  /**
   * An entry that admits more than the mirror's sources stays (it is the maintainer's decision for
   * the others too), and the answers to disable and remove name it: nobody is told that the
   * mirror's access ended while rsyncd still lets it in.
   */
  @Test
  void theAnswersNameEveryEntryThatKeepsAdmittingTheMirror() throws Exception {
    long mirror = enroll("kept", "127.0.0.11");
    long range = APP.add("127.0.0.8/29", null, "lab range", null).id();
    assertThat(admin("POST", "/" + mirror + "/approve", "{}").status()).isEqualTo(200);

    try (RsyncDaemon daemon = FragmentRsyncd.start(dir, "127.0.0.1", APP.fragment)) {
      Reply disabled = admin("POST", "/" + mirror + "/disable", Map.of("reason", "stale"));
      assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
      assertThat(disabled.json()).containsEntry("state", "disabled");
      assertThat(keptBy(disabled)).containsExactly(range + " 127.0.0.8/29 lab range");
      // what the answer says is what rsyncd does
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.11").listed()).isTrue();

      Reply removed = admin("DELETE", "/" + mirror, null);
      assertThat(removed.status()).as(removed.body()).isEqualTo(200);
      assertThat(removed.json()).containsEntry("id", (int) mirror);
      assertThat(keptBy(removed)).containsExactly(range + " 127.0.0.8/29 lab range");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.11").listed()).isTrue();
    } finally {
      APP.remove(range);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> keptBy(Reply reply) {
    return ((List<Map<String, Object>>) reply.json().get("rsyncAccessKeptBy"))
        .stream().map(e -> e.get("id") + " " + e.get("cidr") + " " + e.get("comment")).toList();
  }

  @Test
  void approvalAdmitsDisablingAndRemovalRevokeAChangeOfSourcesSwapsThem() throws Exception {
    Reply enrolled =
        APP.call(
            "POST",
            "/v1/mirrors",
            null,
            Map.of(
                "name", "lifecycle",
                "baseUrl", "http://127.0.0.1:9/distri/",
                "contactEmail", "ops@example.org",
                "bandwidthMbps", 10_000,
                "rsyncSources", List.of("127.0.0.4")),
            null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
    long mirror = enrolled.id();
    String operatorToken = (String) enrolled.json().get("token");

    try (RsyncDaemon daemon = FragmentRsyncd.start(dir, "127.0.0.1", APP.fragment)) {
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").refused()).isTrue();

      assertThat(admin("POST", "/" + mirror + "/approve", "{}").status()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").listed()).isTrue();
      assertThat(entries()).containsExactly("127.0.0.4/32");
      Reply list = APP.call("GET", "/v1/admin/allowlist", APP.maintainerToken(), null, null);
      assertThat(list.body()).contains("\"origin\":\"mirror\"", "\"mirrorId\":" + mirror);

      // a maintainer's extra entry for the mirror; the declared one cannot be deleted by hand
      Reply extra = APP.add("127.0.0.6", mirror, "second host of the mirror", null);
      assertThat(extra.status()).as(extra.body()).isEqualTo(201);
      long declared =
          APP.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT id FROM allowlist_entries WHERE origin = 'MIRROR'")
                          .mapTo(Long.class)
                          .one());
      Reply refused = APP.remove(declared);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.error().code()).isEqualTo("declared_source");

      Reply disabled =
          admin("POST", "/" + mirror + "/disable", Map.of("reason", "stale for a week"));
      assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").refused()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.6").refused()).isTrue();
      assertThat(entries()).isEmpty();
      assertThat(APP.audit("allowlist:" + declared))
          .extracting(AuditEntry::action)
          .containsExactly("allowlist.revoke", "allowlist.admit");

      assertThat(admin("POST", "/" + mirror + "/enable", "{}").status()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").listed()).isTrue();
      assertThat(entries()).containsExactly("127.0.0.4/32");

      Reply changed =
          APP.call(
              "PATCH",
              "/v1/mirrors/" + mirror,
              operatorToken,
              Map.of("rsyncSources", List.of("127.0.0.5")),
              null);
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").refused()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.5").refused()).isTrue();
      assertThat(entries()).isEmpty();

      assertThat(admin("POST", "/" + mirror + "/approve", "{}").status()).isEqualTo(200);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.5").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.4").refused()).isTrue();
      assertThat(entries()).containsExactly("127.0.0.5/32");

      assertThat(admin("DELETE", "/" + mirror, null).status()).isBetween(200, 204);
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.5").refused()).isTrue();
      assertThat(entries()).isEmpty();
      assertThat(APP.audit("mirror:" + mirror))
          .extracting(AuditEntry::action)
          .contains("allowlist.revoke_mirror");
    }
  }
}
