package org.distr1.mirrors.coordinator.registry;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.LongConsumer;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.distr1.mirrors.shared.api.MirrorUpdate;
import org.distr1.mirrors.shared.api.TokenResponse;
import org.jdbi.v3.core.statement.StatementException;

/** What a mirror's operator may do with the mirror's token. */
final class OperatorActions {

  private final MirrorChanges changes;
  private final EnrollmentRules rules;
  private final Clock clock;
  private final LongConsumer verifySoon;

  OperatorActions(
      MirrorChanges changes, EnrollmentRules rules, Clock clock, LongConsumer verifySoon) {
    this.changes = changes;
    this.rules = rules;
    this.clock = clock;
    this.verifySoon = verifySoon;
  }

  void update(MirrorPrincipal operator, long id, MirrorUpdate update) {
    operator.requireMirror(id);
    // policy checks before the transaction, so a refused change never touches the database
    URI baseUrl = update.baseUrl() == null ? null : rules.baseUrl(update.baseUrl());
    Long bandwidth =
        update.bandwidthMbps() == null ? null : rules.bandwidth(update.bandwidthMbps());
    List<String> sources =
        update.rsyncSources() == null ? null : rules.cidrs("rsyncSources", update.rsyncSources());
    List<String> netblocks =
        update.netblocks() == null ? null : rules.cidrs("netblocks", update.netblocks());
    MirrorChanges.Change change;
    try {
      change = apply(operator, id, update, baseUrl, bandwidth, sources, netblocks);
    } catch (StatementException e) {
      throw Enrollment.duplicateBaseUrl(e, String.valueOf(baseUrl));
    }
    if (change.baseUrlOrSourcesChanged()) {
      verifySoon.accept(id);
    }
  }

  private MirrorChanges.Change apply(
      MirrorPrincipal operator,
      long id,
      MirrorUpdate update,
      URI baseUrl,
      Long bandwidth,
      List<String> sources,
      List<String> netblocks) {
    return changes.apply(
        id,
        operator,
        "mirror.update",
        (handle, before) -> {
          MirrorDao dao = handle.attach(MirrorDao.class);
          dao.updateProfile(
              id, before.profile().updatedBy(update, baseUrl, bandwidth), clock.instant());
          replaceNetworks(dao, id, MirrorRecord.RSYNC_SOURCE, sources, before.rsyncSources());
          replaceNetworks(dao, id, MirrorRecord.NETBLOCK, netblocks, before.netblocks());
          boolean reverify =
              (baseUrl != null && !baseUrl.toString().equals(before.profile().baseUrl()))
                  || (sources != null && !sources.equals(before.rsyncSources()));
          // a disabled mirror stays disabled: changing its URL must not undo the maintainer's
          // decision
          if (reverify && before.state() == MirrorState.APPROVED) {
            dao.updateState(
                id,
                MirrorState.PENDING.wireName(),
                "base URL or rsync sources changed; waiting for verification and approval",
                clock.instant());
          }
        });
  }

  private static void replaceNetworks(
      MirrorDao dao, long id, String kind, List<String> cidrs, List<String> current) {
    if (cidrs == null || cidrs.equals(current)) {
      return;
    }
    dao.deleteNetworks(id, kind);
    if (!cidrs.isEmpty()) {
      dao.insertNetworks(id, kind, cidrs);
    }
  }

  void setPaused(MirrorPrincipal operator, long id, boolean paused) {
    operator.requireMirror(id);
    changes.apply(
        id,
        operator,
        paused ? "mirror.pause" : "mirror.resume",
        (handle, before) ->
            handle.attach(MirrorDao.class).updatePaused(id, paused, clock.instant()));
  }

  /** A new token; the old one stops working when this commits. The token is not audited. */
  TokenResponse rotateToken(MirrorPrincipal operator, long id) {
    operator.requireMirror(id);
    String secret = Tokens.newSecret();
    changes.apply(
        id,
        operator,
        "mirror.token_rotate",
        (handle, before) ->
            handle
                .attach(MirrorDao.class)
                .updateTokenHash(id, Tokens.hash(secret), clock.instant()));
    return new TokenResponse(id, MirrorTokens.token(id, secret));
  }
}
