package org.distr1.mirrors.coordinator.registry;

import java.time.Clock;
import java.util.List;
import java.util.function.LongConsumer;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Jdbi;

/** The maintainer's decisions about mirrors; each is audited and announced. */
public final class MirrorAdministration {

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final MirrorChanges changes;
  private final Clock clock;
  private final LongConsumer verifySoon;

  MirrorAdministration(
      Jdbi jdbi, MirrorStore store, MirrorChanges changes, Clock clock, LongConsumer verifySoon) {
    this.jdbi = jdbi;
    this.store = store;
    this.changes = changes;
    this.clock = clock;
    this.verifySoon = verifySoon;
  }

  /** Runs the verification checks of a mirror again, in the background. */
  public void verifySoon(long id) {
    view(id);
    verifySoon.accept(id);
  }

  /** Every mirror, or those in one state, with verification results and latest report. */
  public List<MirrorView> list(MirrorState stateOrNull) {
    return jdbi.inTransaction(handle -> store.views(handle, stateOrNull));
  }

  public MirrorView view(long id) {
    return jdbi.inTransaction(handle -> store.view(handle, id));
  }

  public void approve(MaintainerPrincipal maintainer, long id) {
    changeState(maintainer, id, "mirror.approve", MirrorState.APPROVED, null, MirrorState.PENDING);
  }

  public void disable(MaintainerPrincipal maintainer, long id, String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 1000) {
      throw ApiException.invalid(
          "reason_required",
          "Say why the mirror is disabled (1 to 1000 characters); the operator sees it.");
    }
    changeState(
        maintainer,
        id,
        "mirror.disable",
        MirrorState.DISABLED,
        reason.strip(),
        MirrorState.PENDING,
        MirrorState.APPROVED);
  }

  public void enable(MaintainerPrincipal maintainer, long id) {
    changeState(maintainer, id, "mirror.enable", MirrorState.APPROVED, null, MirrorState.DISABLED);
  }

  public void remove(MaintainerPrincipal maintainer, long id) {
    changes.apply(
        id,
        maintainer,
        "mirror.remove",
        (handle, before) -> handle.attach(MirrorDao.class).delete(id));
  }

  /** The maintainer's weight for routing (100 is neutral, 0 never chosen by weighted random). */
  public void setAdminScore(MaintainerPrincipal maintainer, long id, int score) {
    if (score < 0 || score > 1000) {
      throw ApiException.invalid(
          "invalid_score", "adminScore must be between 0 and 1000, got " + score);
    }
    changes.apply(
        id,
        maintainer,
        "mirror.score",
        (handle, before) ->
            handle.attach(MirrorDao.class).updateAdminScore(id, score, clock.instant()));
  }

  private void changeState(
      MaintainerPrincipal maintainer,
      long id,
      String action,
      MirrorState target,
      String reason,
      MirrorState... allowedFrom) {
    changes.apply(
        id,
        maintainer,
        action,
        (handle, before) -> {
          if (!List.of(allowedFrom).contains(before.state())) {
            throw ApiException.conflict(
                "invalid_state",
                "Mirror "
                    + id
                    + " is "
                    + before.state().wireName()
                    + "; only a "
                    + String.join(
                        " or ", List.of(allowedFrom).stream().map(MirrorState::wireName).toList())
                    + " mirror can be "
                    + action.substring(action.indexOf('.') + 1)
                    + "d.");
          }
          handle
              .attach(MirrorDao.class)
              .updateState(id, target.wireName(), reason, clock.instant());
        });
  }
}
