package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.audit.AuditEntry;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.shared.api.ApiError;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A coordinator whose allowlist writes {@code <dataDir>/rsyncd.d/distri-allowlist.inc}, with a
 * maintainer token and a reader token, and small calls for the allowlist API.
 *
 * <p>Register it with {@code @RegisterExtension static final AllowlistApp APP = ...}: it starts the
 * coordinator and issues the tokens before the class's tests and stops both after them.
 */
final class AllowlistApp implements BeforeAllCallback, AfterAllCallback {

  final Path dataDir = TestCoordinator.newDataDir();
  final Path fragment = dataDir.resolve("rsyncd.d/distri-allowlist.inc");
  final DropwizardAppExtension<CoordinatorConfiguration> app;
  private String maintainerToken;
  private String readerToken;
  private ManagedDataSource dataSource;
  private Jdbi jdbi;

  AllowlistApp() {
    this("200ms");
  }

  /**
   * The interval is a parameter, not a second override of the same key: Dropwizard restores each
   * override's system property in turn, so a key given twice left {@code
   * dw.allowlist.maintenanceInterval} set for every later test of the JVM.
   */
  AllowlistApp(String maintenanceInterval) {
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.add(ConfigOverride.config("allowlist.fragmentFile", fragment.toString()));
    overrides.add(ConfigOverride.config("allowlist.maintenanceInterval", maintenanceInterval));
    try {
      Files.createDirectories(fragment.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    app = TestCoordinator.extension(dataDir, overrides.toArray(ConfigOverride[]::new));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    app.before();
    issueTokens();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (dataSource != null) {
        dataSource.stop();
      }
    } finally {
      app.after();
    }
  }

  private void issueTokens() {
    dataSource = TestDatabase.factory(dataDir).build(new MetricRegistry(), "test-tokens");
    jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    AuditLog audit = new AuditLog(jdbi, Jackson.newObjectMapper(), Clock.systemUTC());
    maintainerToken = new Maintainers(jdbi, audit, Clock.systemUTC()).issue("alice", "test");
    readerToken = new AllowlistTokens(jdbi, audit, Clock.systemUTC()).issue("rsync1", "test");
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** Empties the allowlist, for classes whose tests each start from none. */
  void deleteEntries() {
    jdbi.useHandle(h -> h.execute("DELETE FROM allowlist_entries"));
  }

  String maintainerToken() {
    return maintainerToken;
  }

  String readerToken() {
    return readerToken;
  }

  String api() {
    return TestCoordinator.api(app);
  }

  /** A read and closed response (the test client's pool is small; nothing may leak). */
  record Reply(int status, String body, String etag, URI location) {
    Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<>() {});
      } catch (IOException e) {
        throw new UncheckedIOException(body, e);
      }
    }

    ApiError error() {
      try {
        return JSON.readValue(body, ApiError.class);
      } catch (IOException e) {
        throw new UncheckedIOException(body, e);
      }
    }

    long id() {
      return ((Number) json().get("id")).longValue();
    }
  }

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  Reply call(String method, String path, String token, Object jsonBody, String ifNoneMatch) {
    Invocation.Builder builder = app.client().target(api() + path).request();
    if (token != null) {
      builder.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    if (ifNoneMatch != null) {
      builder.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
    }
    Entity<?> entity =
        jsonBody == null
            ? null
            : jsonBody instanceof String text ? Entity.json(text) : Entity.json(jsonBody);
    try (Response response = builder.method(method, entity)) {
      return new Reply(
          response.getStatus(),
          response.hasEntity() ? response.readEntity(String.class) : "",
          response.getHeaderString(HttpHeaders.ETAG),
          response.getLocation());
    }
  }

  Reply add(String cidr) {
    return add(cidr, null, "test entry", null);
  }

  Reply add(String cidr, Long mirrorId, String comment, Instant expiresAt) {
    Map<String, Object> body = new HashMap<>();
    body.put("cidr", cidr);
    body.put("mirrorId", mirrorId);
    body.put("comment", comment);
    body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    return call("POST", "/v1/admin/allowlist", maintainerToken, body, null);
  }

  /** Adds and returns the new entry's id, failing the test on refusal. */
  long added(String cidr) {
    Reply reply = add(cidr);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.id();
  }

  Reply remove(long id) {
    return call("DELETE", "/v1/admin/allowlist/" + id, maintainerToken, null, null);
  }

  Reply export(String format, String token) {
    return call("GET", "/v1/admin/allowlist/export/" + format, token, null, null);
  }

  List<AuditEntry> audit(String subject) {
    return new AuditLog(jdbi, Jackson.newObjectMapper(), Clock.systemUTC())
        .page(subject, Long.MAX_VALUE, 100);
  }

  /** The canonical CIDRs of the active entries as the database holds them now. */
  List<String> databaseNetworks() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT cidr FROM allowlist_entries"
                        + " WHERE expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP")
                .mapTo(String.class)
                .list());
  }
}
