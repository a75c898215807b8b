package org.distr1.mirrors.coordinator.allowlist;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry.Origin;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.registry.MirrorDirectory;
import org.distr1.mirrors.coordinator.registry.MirrorLifecycleListener;
import org.distr1.mirrors.coordinator.registry.MirrorRecord;
import org.distr1.mirrors.coordinator.registry.MirrorState;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the mirrors' entries in step with the registry: an approved mirror's declared rsync sources
 * are admitted; a mirror that is not approved (pending again after a change of sources, disabled,
 * removed) has no entries at all, its maintainer-added ones included.
 *
 * <p>Events are only a trigger: each one re-reads its mirror's current state inside the writer's
 * lock and reconciles that mirror's entries (one mirror's rows, whatever the number of mirrors: an
 * enrollment wave of thousands costs each approval the same). Two events of one mirror handled out
 * of order (approve, then disable, told in the opposite order) therefore still end in the
 * registry's final state, and a missed event (crash after the registry's commit) is repaired at
 * start-up and by every maintenance tick, which reconciles every mirror. Disabling and removing
 * read every mirror's sources (what else an entry admits); they are the maintainer's rare acts.
 */
final class MirrorAdmission implements MirrorLifecycleListener {

  static final String ACTOR = "allowlist:mirror-lifecycle";
  private static final Logger LOG = LoggerFactory.getLogger(MirrorAdmission.class);

  private final AllowlistWriter writer;
  private final MirrorDirectory mirrors;
  private final AuditLog audit;
  private final CidrPolicy policy;
  private final Clock clock;

  MirrorAdmission(
      AllowlistWriter writer,
      MirrorDirectory mirrors,
      AuditLog audit,
      CidrPolicy policy,
      Clock clock) {
    this.writer = writer;
    this.mirrors = mirrors;
    this.audit = audit;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public void approved(MirrorRecord mirror) {
    reconcile(mirror.id());
  }

  @Override
  public void disabled(MirrorRecord mirror) {
    writer.change(
        handle -> {
          withdrawEntriesFor(handle, mirror, mirrors.records());
          reconcile(handle, mirror.id());
          return null;
        });
  }

  @Override
  public void sourcesChanged(MirrorRecord mirror) {
    reconcile(mirror.id());
  }

  @Override
  public void unapproved(MirrorRecord mirror) {
    reconcile(mirror.id());
  }

  /** Its entries went with its row (ON DELETE CASCADE); record that and rewrite the file. */
  @Override
  public void removed(MirrorRecord mirror) {
    writer.change(
        handle -> {
          audit.record(
              handle,
              ACTOR,
              "allowlist.revoke_mirror",
              mirror.subject(),
              Map.of("rsyncSources", mirror.rsyncSources()),
              null);
          withdrawEntriesFor(handle, mirror, mirrors.records());
          reconcile(handle, mirror.id());
          return null;
        });
  }

  /**
   * A disabled or removed mirror loses its rsync access also through entries the maintainer added
   * for it without tying them to it (the trial entry of the guide): every such entry inside its
   * declared sources that admits no other mirror's sources goes. Once, at the event: an entry the
   * maintainer adds afterwards is their decision. Entries that admit its sources but also more (a
   * wider range, another mirror's) stay and are named in the audit log and the coordinator's log,
   * so nobody believes its access ended when it did not.
   */
  private void withdrawEntriesFor(Handle handle, MirrorRecord gone, List<MirrorRecord> current) {
    Set<Cidr> itsSources = sources(gone);
    Set<Cidr> othersSources = new TreeSet<>();
    for (MirrorRecord other : current) {
      if (other.id() != gone.id() && other.state() != MirrorState.DISABLED) {
        othersSources.addAll(sources(other));
      }
    }
    AllowlistDao dao = handle.attach(AllowlistDao.class);
    List<AllowlistEntry> stillAdmitting = new ArrayList<>();
    for (AllowlistEntry entry : dao.all()) {
      if (entry.mirrorId() != null || itsSources.stream().noneMatch(entry.cidr()::overlaps)) {
        continue;
      }
      boolean onlyItsOwn =
          itsSources.stream().anyMatch(source -> source.contains(entry.cidr()))
              && othersSources.stream().noneMatch(entry.cidr()::overlaps);
      if (onlyItsOwn) {
        dao.delete(entry.id());
        audit.record(handle, ACTOR, "allowlist.revoke", entry.subject(), entry, null);
      } else {
        stillAdmitting.add(entry);
      }
    }
    if (!stillAdmitting.isEmpty()) {
      List<String> named = stillAdmitting.stream().map(e -> e.subject() + " " + e.cidr()).toList();
      LOG.warn(
          "{} keeps rsync access through entries that also admit others: {}",
          gone.subject(),
          named);
      audit.record(
          handle, ACTOR, "allowlist.still_admits", gone.subject(), null, Map.of("entries", named));
    }
  }

  /** Brings every mirror's entries in line with the registry as it is now. */
  void reconcileAll() {
    writer.change(
        handle -> {
          reconcile(handle, mirrors.records());
          return null;
        });
  }

  /** Brings one mirror's entries in line with its row as it is now. */
  private void reconcile(long mirrorId) {
    writer.change(
        handle -> {
          reconcile(handle, mirrorId);
          return null;
        });
  }

  private void reconcile(Handle handle, long mirrorId) {
    // a removed mirror's entries went with its row (ON DELETE CASCADE): nothing left to do
    mirrors
        .record(mirrorId)
        .ifPresent(
            mirror -> {
              AllowlistDao dao = handle.attach(AllowlistDao.class);
              boolean approved = mirror.state() == MirrorState.APPROVED;
              reconcile(
                  handle,
                  dao,
                  mirror,
                  dao.ofMirror(mirrorId),
                  approved,
                  approved ? sources(mirror) : Set.of());
            });
  }

  /** True when the mirror exists and is approved right now (read inside the writer's lock). */
  boolean isApproved(long mirrorId) {
    return mirrors.record(mirrorId).map(m -> m.state() == MirrorState.APPROVED).orElse(false);
  }

  private void reconcile(Handle handle, List<MirrorRecord> current) {
    // one read of every mirror's entries, not one query per mirror (thousands every tick)
    AllowlistDao dao = handle.attach(AllowlistDao.class);
    Map<Long, List<AllowlistEntry>> entries =
        dao.all().stream()
            .filter(entry -> entry.mirrorId() != null)
            .collect(Collectors.groupingBy(AllowlistEntry::mirrorId));
    for (MirrorRecord mirror : current) {
      boolean approved = mirror.state() == MirrorState.APPROVED;
      reconcile(
          handle,
          dao,
          mirror,
          entries.getOrDefault(mirror.id(), List.of()),
          approved,
          approved ? sources(mirror) : Set.of());
    }
  }

  private void reconcile(
      Handle handle,
      AllowlistDao dao,
      MirrorRecord mirror,
      List<AllowlistEntry> entries,
      boolean approved,
      Set<Cidr> sources) {
    Set<Cidr> present = new HashSet<>();
    for (AllowlistEntry entry : entries) {
      boolean keep =
          approved
              && (entry.origin() == Origin.MAINTAINER
                  || sources.contains(entry.cidr()) && present.add(entry.cidr()));
      if (!keep) {
        dao.delete(entry.id());
        audit.record(handle, ACTOR, "allowlist.revoke", entry.subject(), entry, null);
      }
    }
    Instant now = clock.instant();
    for (Cidr source : sources) {
      if (!present.contains(source)) {
        long id =
            dao.insert(
                source.toString(),
                mirror.id(),
                Origin.MIRROR,
                "rsync source of mirror " + mirror.profile().name(),
                now,
                ACTOR,
                null);
        AllowlistEntry admitted = dao.find(id).orElseThrow();
        audit.record(handle, ACTOR, "allowlist.admit", admitted.subject(), null, admitted);
      }
    }
  }

  private Set<Cidr> sources(MirrorRecord mirror) {
    Set<Cidr> sources = new TreeSet<>();
    for (String text : mirror.rsyncSources()) {
      try {
        sources.add(Cidr.parse(text, policy));
      } catch (InvalidCidrException e) {
        // the registry accepted it under its own policy; the allowlist's may be stricter
        LOG.warn("mirror {}: rsync source not admitted: {}", mirror.id(), e.getMessage());
      }
    }
    return sources;
  }
}
