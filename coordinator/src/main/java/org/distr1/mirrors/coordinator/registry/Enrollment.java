package org.distr1.mirrors.coordinator.registry;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.LongConsumer;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.distr1.mirrors.coordinator.geo.HostLocator;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.distr1.mirrors.shared.api.GeoLocation;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Public enrollment: checks the request against policy, stores a pending mirror, issues its token.
 */
final class Enrollment {

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final EnrollmentRules rules;
  private final EnrollmentRateLimiter rateLimiter;
  private final HostLocator hostLocator;
  private final AuditLog audit;
  private final RegistryEvents events;
  private final Clock clock;
  private final LongConsumer verifySoon;

  Enrollment(
      Jdbi jdbi,
      MirrorStore store,
      EnrollmentRules rules,
      EnrollmentRateLimiter rateLimiter,
      HostLocator hostLocator,
      AuditLog audit,
      RegistryEvents events,
      Clock clock,
      LongConsumer verifySoon) {
    this.jdbi = jdbi;
    this.store = store;
    this.rules = rules;
    this.rateLimiter = rateLimiter;
    this.hostLocator = hostLocator;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.verifySoon = verifySoon;
  }

  EnrollmentResponse enroll(EnrollmentRequest request, String clientAddress) {
    URI baseUrl = rules.baseUrl(request.baseUrl());
    long bandwidth = rules.bandwidth(request.bandwidthMbps());
    List<String> sources = rules.cidrs("rsyncSources", request.rsyncSources());
    List<String> netblocks = rules.cidrs("netblocks", request.netblocks());
    GeoLocation location = request.location();
    String locationSource = "operator";
    // the lookup (DNS, GeoIP) costs the server: an address out of enrollments does not get one
    rateLimiter.requireAllowance(clientAddress);
    HostLocator.Located host = hostLocator.locate(baseUrl.getHost());
    String locationNote = null;
    if (location == null) {
      location = host.location();
      locationSource = location == null ? null : "geoip";
      locationNote = host.note();
    }
    MirrorProfile profile =
        MirrorProfile.enrolled(request, baseUrl, bandwidth, location, locationSource);
    // counted only once the request is valid: typos do not use up an operator's attempts
    rateLimiter.acquire(clientAddress);

    String secret = Tokens.newSecret();
    long id =
        insert(
            profile,
            new MirrorDao.HostFacts(host.asn() == 0 ? null : host.asn(), locationNote),
            sources,
            netblocks,
            secret,
            "public:" + clientAddress);
    events.changed(id);
    verifySoon.accept(id);
    return new EnrollmentResponse(
        id,
        MirrorState.PENDING.wireName(),
        MirrorTokens.token(id, secret),
        jdbi.withHandle(handle -> store.view(handle, id)));
  }

  private long insert(
      MirrorProfile profile,
      MirrorDao.HostFacts facts,
      List<String> sources,
      List<String> netblocks,
      String secret,
      String actor) {
    try {
      return jdbi.inTransaction(
          handle -> {
            MirrorDao dao = handle.attach(MirrorDao.class);
            long id =
                dao.insert(
                    profile, MirrorState.PENDING.wireName(), Tokens.hash(secret), clock.instant());
            dao.updateHostFacts(id, facts);
            dao.insertNetworks(id, MirrorRecord.RSYNC_SOURCE, sources);
            if (!netblocks.isEmpty()) {
              dao.insertNetworks(id, MirrorRecord.NETBLOCK, netblocks);
            }
            dao.insertEmptyReport(id);
            audit.record(
                handle,
                actor,
                "mirror.enroll",
                MirrorRecord.subject(id),
                null,
                store.lock(handle, id));
            return id;
          });
    } catch (StatementException e) {
      throw duplicateBaseUrl(e, profile.baseUrl());
    }
  }

  /**
   * 409 for a unique-key violation on the base URL (SQLSTATE 23505 in H2 and PostgreSQL), else
   * rethrown.
   */
  static RuntimeException duplicateBaseUrl(StatementException e, String baseUrl) {
    if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
      return ApiException.conflict(
          "duplicate_base_url", "A mirror with base URL " + baseUrl + " is already enrolled.");
    }
    return e;
  }
}
