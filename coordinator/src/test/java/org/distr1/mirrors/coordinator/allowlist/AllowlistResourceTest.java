package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.coordinator.allowlist.AllowlistApp.Reply;
import org.distr1.mirrors.coordinator.audit.AuditEntry;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin and export API on a real coordinator (H2 file, then PostgreSQL; loopback HTTP), and its
 * file.
 */
@Tag("database")
class AllowlistResourceTest {

  @RegisterExtension static final AllowlistApp APP = new AllowlistApp();
  static final CidrPolicy LOOSE = CidrPolicy.DEFAULT.allowingNonPublic();

  @BeforeEach
  void empty() {
    APP.deleteEntries();
  }

  private static String file() throws Exception {
    return Files.readString(APP.fragment);
  }

  @Test
  void addListRemoveRewritesTheFileAndAudits() throws Exception {
    Reply added = APP.add("127.0.0.2", null, "rsync1 test host", null);
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json())
        .containsEntry("cidr", "127.0.0.2/32")
        .containsEntry("origin", "maintainer")
        .containsEntry("comment", "rsync1 test host")
        .containsEntry("createdBy", "maintainer:alice");
    long id = added.id();
    assertThat(added.location().getPath()).endsWith("/api/v1/admin/allowlist/" + id);
    assertThat(networks(file())).containsExactly("127.0.0.2/32");

    Reply list = APP.call("GET", "/v1/admin/allowlist", APP.maintainerToken(), null, null);
    assertThat(list.body()).contains("\"cidr\":\"127.0.0.2/32\"");

    assertThat(APP.remove(id).status()).isEqualTo(200);
    assertThat(networks(file())).isEmpty();
    assertThat(APP.audit("allowlist:" + id))
        .extracting(AuditEntry::action)
        .containsExactly("allowlist.remove", "allowlist.add");
    assertThat(APP.audit("allowlist:" + id).get(0).actor()).isEqualTo("maintainer:alice");
    assertThat(APP.remove(id).status()).isEqualTo(404);
  }

  static List<String> networks(String fragment) {
    return RsyncdFragment.parse(fragment, LOOSE).stream().map(Object::toString).toList();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"cidr\":\"mirror.example.org\"}                  | 422 | invalid_cidr",
        "{\"cidr\":\"0.0.0.0/0\"}                           | 422 | invalid_cidr",
        "{\"cidr\":\"::/0\"}                                | 422 | invalid_cidr",
        "{\"cidr\":\"198.51.0.0/16\"}                       | 422 | invalid_cidr",
        "{\"cidr\":\"2001:db8::/32\"}                       | 422 | invalid_cidr",
        "{\"cidr\":\"192.0.2.5/24\"}                        | 422 | invalid_cidr",
        "{\"cidr\":\"192.0.2.1 192.0.2.2\"}                 | 422 | invalid_cidr",
        "{\"cidr\":\"192.0.2.1\\nhosts allow = *\"}         | 422 | invalid_cidr",
        "{\"cidr\":\"*\"}                                   | 422 | invalid_cidr",
        "{\"comment\":\"no cidr\"}                          | 422 | invalid_cidr",
        "{\"cidr\":\"192.0.2.1\",\"comment\":\"a\\nb\"}     | 422 | invalid_comment",
        "{\"cidr\":\"192.0.2.1\",\"expiresAt\":\"2001-01-01T00:00:00Z\"} | 422 | invalid_expiry",
        "{\"cidr\":\"192.0.2.1\",\"mirrorId\":99999}        | 409 | mirror_not_approved",
        "{\"cidr\":                                         | 400 | bad_json",
        "{\"cidr\": 17}                                     | 422 | invalid_field",
        "{\"cidr\":\"192.0.2.1\",\"comments\":\"typo\"}     | 422 | invalid_field",
      })
  void malformedEntriesNeverReachTheFile(String body, int status, String code) throws Exception {
    APP.added("198.51.100.7");
    byte[] before = Files.readAllBytes(APP.fragment);
    var mtime = Files.getLastModifiedTime(APP.fragment);

    Reply reply = APP.call("POST", "/v1/admin/allowlist", APP.maintainerToken(), body, null);

    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.error().code()).isEqualTo(code);
    assertThat(reply.error().message()).isNotBlank();
    assertThat(Files.readAllBytes(APP.fragment)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(APP.fragment)).isEqualTo(mtime);
    assertThat(APP.databaseNetworks()).containsExactly("198.51.100.7/32");
  }

  @Test
  void overlappingEntriesAreReportedNamingTheExistingOne() throws Exception {
    long wide = APP.added("192.0.2.0/24");
    long narrow = APP.added("198.51.100.128/25");
    byte[] before = Files.readAllBytes(APP.fragment);

    assertThat(conflict("192.0.2.77"))
        .contains("192.0.2.77/32 is inside entry #" + wide + " 192.0.2.0/24");
    assertThat(conflict("192.0.2.0/24")).contains("is already listed as entry #" + wide);
    assertThat(conflict("198.51.100.0/24"))
        .contains("contains entry #" + narrow + " 198.51.100.128/25");
    assertThat(Files.readAllBytes(APP.fragment)).isEqualTo(before);
  }

  private static String conflict(String cidr) {
    Reply reply = APP.add(cidr);
    assertThat(reply.status()).as(reply.body()).isEqualTo(409);
    assertThat(reply.error().code()).isEqualTo("allowlist_overlap");
    return reply.error().message();
  }

  @Test
  void exportsCarryETagsAndAnswer304() {
    APP.added("192.0.2.0/24");
    APP.added("2001:db8:1::/48");
    Reply text = APP.export("text", APP.readerToken());
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.body()).isEqualTo("192.0.2.0/24\n2001:db8:1::/48\n");
    assertThat(text.etag()).matches("\"[0-9a-f]{32}\"");

    String textPath = "/v1/admin/allowlist/export/text";
    Reply again = APP.call("GET", textPath, APP.readerToken(), null, text.etag());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.etag()).isEqualTo(text.etag());

    Reply rsyncd = APP.export("rsyncd", APP.maintainerToken());
    assertThat(networks(rsyncd.body())).hasSize(2);
    assertThat(rsyncd.etag())
        .isEqualTo(Representation.etagOf(rsyncd.body().getBytes(StandardCharsets.UTF_8)));

    Reply systemd = APP.export("systemd", APP.readerToken());
    assertThat(systemd.status()).isEqualTo(200);
    assertThat(SocketDropIn.parse(systemd.body(), LOOSE)).hasSize(2);
    assertThat(systemd.body())
        .endsWith("IPAddressAllow=192.0.2.0/24\nIPAddressAllow=2001:db8:1::/48\n");

    assertThat(APP.export("json", APP.readerToken()).body())
        .contains("\"cidr\":\"192.0.2.0/24\"", "\"cidr\":\"2001:db8:1::/48\"");

    APP.added("198.51.100.7");
    Reply changed = APP.call("GET", textPath, APP.readerToken(), null, text.etag());
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.etag()).isNotEqualTo(text.etag());
  }

  @Test
  void tokensOpenOnlyTheirDoors() {
    assertThat(APP.export("text", null).status()).isEqualTo(401);
    assertThat(APP.export("text", "dma_1.wrong").status()).isEqualTo(401);
    assertThat(APP.export("yaml", APP.readerToken()).status()).isEqualTo(404);
    // a valid token of another audience: 403 (docs/api.md, "Authentication")
    assertThat(APP.call("GET", "/v1/admin/allowlist", APP.readerToken(), null, null).status())
        .isEqualTo(403);
    Reply post =
        APP.call(
            "POST", "/v1/admin/allowlist", APP.readerToken(), "{\"cidr\":\"192.0.2.1\"}", null);
    assertThat(post.status()).isEqualTo(403);
    assertThat(APP.databaseNetworks()).isEmpty();
  }

  @Test
  void expiredEntriesLeaveTheExportAtOnceAndTheFileWithinATick() throws Exception {
    APP.added("198.51.100.7");
    Instant expiry = Instant.now().plusMillis(1500);
    long id = APP.add("192.0.2.9", null, "temporary", expiry).id();
    assertThat(file()).contains("192.0.2.9/32");
    assertThat(APP.export("text", APP.readerToken()).body()).contains("192.0.2.9/32");

    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiry));
    assertThat(APP.export("text", APP.readerToken()).body()).isEqualTo("198.51.100.7/32\n");
    // any rewrite after the expiry drops it; the sweep then deletes the row and audits that
    await().atMost(Duration.ofSeconds(10)).until(() -> !file().contains("192.0.2.9"));
    assertThat(networks(file())).containsExactly("198.51.100.7/32");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(APP.audit("allowlist:" + id))
                    .extracting(AuditEntry::action)
                    .containsExactly("allowlist.expire", "allowlist.add"));
    assertThat(APP.databaseNetworks()).containsExactly("198.51.100.7/32");
  }

  @Test
  void healthCheckReportsAWritableFragment() {
    var health = APP.app.getEnvironment().healthChecks().runHealthCheck("allowlist-fragment");
    assertThat(health.isHealthy()).isTrue();
  }
}
